"""Every value phrase in the five seed documents, as find_values reads it: exact intervals.

Each case is a real sentence copied from seeds/*.txt (PDF line breaks included where the
source has them) and the complete list of mentions expected in it, in order: a spurious
extra mention fails the test as surely as a missing one.
"""

from __future__ import annotations

import datetime

import pytest
from values_helpers import ABOVE, INF, MONTH, YEAR, Flat, flat

from kzfacts.values import find_values

HRW_2005 = datetime.date(2005, 10, 11)  # 004: HRW letter before the December 4, 2005 election
HRW_2009 = datetime.date(2009, 11, 18)  # 000: HRW letter "Kazakhstan's Stalled Reforms"
APPEAL_2012 = datetime.date(2012, 3, 20)  # 001: NorHC/IPHR/NethHC appeal to the EU
BARROSO_2014 = datetime.date(2014, 10, 8)  # 002: IPHR/NHC letter to Barroso
DIALOGUE_2014 = datetime.date(2014, 11, 12)  # 003: IPHR/KIBHR on the human rights dialogue

CASES: list[tuple[str, datetime.date, list[Flat]]] = [
    # --- 004: Human Rights Watch, 2005 ------------------------------------------------------
    (
        "The presidential election scheduled for December 4, 2005 will be an important test",
        HRW_2005,
        [("date", "December 4, 2005", "2005-12-04", "2005-12-04")],
    ),
    (
        "On August 3, 2005, the opposition movement For a Just Kazakhstan (ZSK) was finally "
        "registered, after having had its application rejected on two previous occasions.",
        HRW_2005,
        [
            ("date", "August 3, 2005", "2005-08-03", "2005-08-03"),
            ("status", "registered", "registered", None),
            ("count", "two", 2.0, 2.0),
        ],
    ),
    (
        "On April 9, a brick thrown at Tuyakbai by unknown assailants during a meeting in "
        "eastern Kazakhstan injured his spokesman and a cameraman.",
        HRW_2005,
        [("date", "April 9", "2005-04-09", "2005-04-09")],
    ),
    (
        "On May 2, some fifty men stormed a meeting of opposition leaders in Shymkent",
        HRW_2005,
        [("date", "May 2", "2005-05-02", "2005-05-02"), ("count", "some fifty", 45.0, 55.0)],
    ),
    (
        "in reference to the popular demonstrations that led to the ouster of Kyrgyz President "
        "Askar Akaev in March.",
        HRW_2005,
        [("date", "March", "2005-03-01", "2005-03-31")],
    ),
    (
        "One suspect was arrested, tried, and convicted; he received probation.",
        HRW_2005,
        [
            ("count", "One", 1.0, 1.0),
            ("status", "arrested", "arrested", None),
            ("status", "convicted", "convicted", None),
            ("status", "received probation", "suspended-sentence", None),
        ],
    ),
    (
        "More recently, on the night of September 25, arsonists reportedly destroyed a ZSK "
        "campaign office in the town of Kostanai.",
        HRW_2005,
        [("date", "September 25", "2005-09-25", "2005-09-25")],
    ),
    (
        "On February 9, 2005, the Almaty City Court upheld the Special Economic Court’s "
        "January 6 decision to shut down the DVK",
        HRW_2005,
        [
            ("date", "February 9, 2005", "2005-02-09", "2005-02-09"),
            ("date", "January 6", "2005-01-06", "2005-01-06"),
            ("status", "shut down", "closed", None),
        ],
    ),
    (
        "issued by the DVK at its second party congress on December 11, 2004, said that the "
        "conduct of the parliamentary elections of September 2004 had",
        HRW_2005,
        [
            ("date", "December 11, 2004", "2004-12-11", "2004-12-11"),
            ("date", "September 2004", "2004-09-01", "2004-09-30"),
        ],
    ),
    (
        "on January 29, a group of 2,000 to 5,000 people gathered to protest the dissolution "
        "of the DVK.",
        HRW_2005,
        [
            ("date", "January 29", "2005-01-29", "2005-01-29"),
            ("count", "2,000 to 5,000", 2000.0, 5000.0),
            ("status", "dissolution", "liquidated", None),
        ],
    ),
    (
        "In response, police arrested seven DVK members, including party executive committee "
        "member Vladimir Kozlov, and charged them under section 2 of article 355 of the "
        "Administrative Code",
        HRW_2005,
        [
            ("status", "arrested", "arrested", None),
            ("count", "seven", 7.0, 7.0),
            ("status", "charged", "charged", None),
            ("count", "2", 2.0, 2.0),
            ("count", "355", 355.0, 355.0),
        ],
    ),
    (
        "five of the men were sentenced to administrative detention of from two to seven "
        "days, and the other two were fined.",
        HRW_2005,
        [
            ("count", "five", 5.0, 5.0),
            ("status", "sentenced", "convicted", None),
            ("status", "administrative detention", "detained", None),
            ("duration", "from two to seven days", 2.0, 7.0),
            ("count", "two", 2.0, 2.0),
            ("status", "fined", "fined", None),
        ],
    ),
    (
        "entered the local offices of the DVK without a warrant and confiscated 7,000 copies "
        "of Dauiis DVK.",
        HRW_2005,
        [("count", "7,000", 7000.0, 7000.0)],
    ),
    (
        "police detained an 18-year-old DVK worker at a provincial DVK office",
        HRW_2005,
        [("status", "detained", "detained", None)],  # an age: neither a duration nor a count
    ),
    (
        "is serving the remainder of a seven-year term at the Shiderty settlement colony in "
        "Pavlodar province, having been transferred there from a general regime prison camp in "
        "August 2004. He was convicted in 2002 on charges of abuse of office",
        HRW_2005,
        [
            ("status", "is serving", "imprisoned", None),
            ("duration", "seven-year", 7 * YEAR, 7 * YEAR),
            ("date", "August 2004", "2004-08-01", "2004-08-31"),
            ("status", "convicted", "convicted", None),
            ("date", "2002", "2002-01-01", "2002-12-31"),
        ],
    ),
    (
        "(Zhakianov became eligible in early October).",
        HRW_2005,
        [("date", "early October", "2005-10-01", "2005-10-10")],
    ),
    (
        "from the last day of the pre-election campaign (i.e. from one day prior to the day "
        "when people go to the polls) until the state electoral commission publicly announces "
        "the official outcome of the election, which can be up to ten days after voting ends.",
        HRW_2005,
        [("duration", "one day", 1.0, 1.0), ("duration", "up to ten days", 0.0, 10.0)],
    ),
    (
        "including a fine on individuals ranging from ten to fifteen times the minimum monthly "
        "wage.",
        HRW_2005,
        [("count", "from ten to fifteen", 10.0, 15.0)],
    ),
    (
        "police and Special Forces (OMON) officers detained about eighty people on May 1 in Astana",
        HRW_2005,
        [
            ("status", "detained", "detained", None),
            ("count", "about eighty", 72.0, 88.0),
            ("date", "May 1", "2005-05-01", "2005-05-01"),
        ],
    ),
    (
        "More recently, on September 18, OMON officers reportedly used excessive force when "
        "attempting to prevent nearly a thousand residents of the Shanirak neighborhood",
        HRW_2005,
        [
            ("date", "September 18", "2005-09-18", "2005-09-18"),
            ("count", "nearly a thousand", 900.0, 1000.0),
        ],
    ),
    (
        "by a fine of twenty to thirty times the minimum monthly wage and possible deportation "
        "from Kazakhstan, in the case of individuals. Other legal entities are to be fined four "
        "hundred to one thousand times the monthly minimum wage.",
        HRW_2005,
        [
            ("count", "twenty to thirty", 20.0, 30.0),
            ("status", "fined", "fined", None),
            ("count", "four hundred to one thousand", 400.0, 1000.0),
        ],
    ),
    (
        "during the past several months. Since March, at least thirty-three NGOs have been "
        "subjected to investigation by officials",
        HRW_2005,
        [
            ("duration", "several months", 3 * MONTH, 9 * MONTH),
            ("date", "March", "2005-03-01", "2005-03-31"),
            ("count", "at least thirty-three", 33.0, INF),
            ("status", "subjected to investigation", "under-investigation", None),
        ],
    ),
    (
        "More recently, during the night of August 14, unknown persons broke into the offices "
        "of the KIBHR.",
        HRW_2005,
        [("date", "August 14", "2005-08-14", "2005-08-14")],
    ),
    (
        "In December 2004, the Kazakh government filed charges of criminal tax evasion against "
        "the Soros Foundation Kazakhstan. The financial police alleged that the organization "
        "owed back taxes amounting to more than 81 million tenge (approx. U.S.$623,000).",
        HRW_2005,
        [
            ("date", "December 2004", "2004-12-01", "2004-12-31"),
            ("status", "filed charges", "charged", None),
            ("money", "more than 81 million tenge", ABOVE(81e6, INF), INF),
            ("money", "approx. U.S.$623,000", 560700.0, 685300.0),
        ],
    ),
    (
        "Two organizations, the Society of Young Professionals of Kazakhstan (OMPK) and Kahar "
        "(“Protest”), were denied registration",
        HRW_2005,
        [
            ("count", "Two", 2.0, 2.0),
            ("status", "denied registration", "denied-registration", None),
        ],
    ),
    (
        "Fifty police officers and security personnel broke up a peaceful demonstration "
        "(involving releasing balloons) sponsored by Kahar on April 12.",
        HRW_2005,
        [("count", "Fifty", 50.0, 50.0), ("date", "April 12", "2005-04-12", "2005-04-12")],
    ),
    (
        "A week later, after the newspapers’ editors had gone on a hunger strike, the Daur "
        "publishing house agreed to publish five of the papers.",
        HRW_2005,
        [("duration", "A week", 7.0, 7.0), ("count", "five", 5.0, 5.0)],
    ),
    (
        "Of dozens of incidents of state antagonism toward critical media observed by Human "
        "Rights Watch during the past months",
        HRW_2005,
        [("count", "dozens", 24.0, 99.0)],
    ),
    (
        "On May 5, 2005, the independent newspaper Respublika (“Republic”) was shut down by "
        "order of the Ministry of Culture, Information and Sport.",
        HRW_2005,
        [
            ("date", "May 5, 2005", "2005-05-05", "2005-05-05"),
            ("status", "was shut down", "closed", None),
        ],
    ),
    (
        "the newspaper’s parent company, Bastau, had been liquidated by the Almaty City "
        "Economic Court in March following a lawsuit brought by the Kazakh government.",
        HRW_2005,
        [
            ("status", "liquidated", "liquidated", None),
            ("date", "March", "2005-03-01", "2005-03-31"),
        ],
    ),
    (
        "Petrusheva is a Russian citizen who fled Kazakhstan in 2002 after receiving death threats",
        HRW_2005,
        [
            ("status", "fled Kazakhstan", "in-exile", None),
            ("date", "2002", "2002-01-01", "2002-12-31"),
        ],
    ),
    (
        "until that newspaper was forced to close when it lost a government lawsuit and went "
        "bankrupt in July 2004.",
        HRW_2005,
        [
            ("status", "forced to close", "closed", None),
            ("status", "went bankrupt", "closed", None),
            ("date", "July 2004", "2004-07-01", "2004-07-31"),
        ],
    ),
    (
        "confiscated 1,000 copies of the successor to the Respublika newspaper, Set’Kz (“Kz "
        "Network”), on May 20, 2005. An hour after the incident,",
        HRW_2005,
        [
            ("count", "1,000", 1000.0, 1000.0),
            ("date", "May 20, 2005", "2005-05-20", "2005-05-20"),
            ("duration", "An hour", 1 / 24, 1 / 24),
        ],
    ),
    (
        "the first issue of Set’Kz had been printed on September 17, 2003—well within six "
        "months of being granted its license.",
        HRW_2005,
        [
            ("date", "September 17, 2003", "2003-09-17", "2003-09-17"),
            ("duration", "within six months", 0.0, 6 * MONTH),
        ],
    ),
    (
        "The KNB won its suit for five million tenge (approx.U.S. $40,000) in damages.",
        HRW_2005,
        [
            ("money", "five million tenge", 5e6, 5e6),
            ("money", "approx.U.S. $40,000", 36000.0, 44000.0),
        ],
    ),
    (
        "On the night of June 1-2, court officers seized all of the issues of Soz",
        HRW_2005,
        [("date", "June 1-2", "2005-06-01", "2005-06-02")],
    ),
    (
        "was convicted on tax evasion charges in 2003 and barred from practicing journalism for "
        "five years. The newspaper was subsequently closed down.",
        HRW_2005,
        [
            ("status", "convicted", "convicted", None),
            ("date", "2003", "2003-01-01", "2003-12-31"),
            ("duration", "five years", 5 * YEAR, 5 * YEAR),
            ("status", "closed down", "closed", None),
        ],
    ),
    (
        "authorities blocked the site of the Ak Zhol party after it posted an article "
        "criticizing the January 6 court decision liquidating the DVK party.",
        HRW_2005,
        [
            ("status", "blocked", "blocked", None),
            ("date", "January 6", "2005-01-06", "2005-01-06"),
            ("status", "liquidating", "liquidated", None),
        ],
    ),
    (
        "Publication of the independent newspaper Soz (“Voice”) was disrupted this year "
        "following a lawsuit",
        HRW_2005,
        [("date", "this year", "2005-01-01", "2005-12-31")],
    ),
    (
        "In advance of the December vote, we urge your government to:",
        HRW_2005,
        [("date", "December", "2005-12-01", "2005-12-31")],
    ),
    # --- 000: Human Rights Watch, 2009 ------------------------------------------------------
    (
        "We are writing in advance of the upcoming OSCE Ministerial Council in Athens "
        "(December 1-2, 2009), which we believe",
        HRW_2009,
        [("date", "December 1-2, 2009", "2009-12-01", "2009-12-02")],
    ),
    (
        "Since the OSCE participating states decided to give Kazakhstan the 2010 chairmanship "
        "the human rights situation in the country has deteriorated rather than improved. "
        "Minimal reform steps in February 2009, for which",
        HRW_2009,
        [
            ("date", "2010", "2010-01-01", "2010-12-31"),
            ("date", "February 2009", "2009-02-01", "2009-02-28"),
        ],
    ),
    (
        "the country's leading human rights defender, Evgeniy Zhovtis, was sentenced to four "
        "years' imprisonment following an unfair trial which was upheld on appeal.",
        HRW_2009,
        [
            ("status", "sentenced", "convicted", None),
            ("duration", "four years'", 4 * YEAR, 4 * YEAR),
            ("status", "imprisonment", "imprisoned", None),
        ],
    ),
    (
        "Throughout 2009, the European Union and the United States as well as the OSCE's "
        "representative on freedom of the media issued several public statements",
        HRW_2009,
        [("date", "2009", "2009-01-01", "2009-12-31"), ("count", "several", 3.0, 9.0)],
    ),
    (
        "the relatively short period of time-18 years-it has had to develop and implement human "
        "rights standards.",
        HRW_2009,
        [("duration", "18 years", 18 * YEAR, 18 * YEAR)],
    ),
    (
        "When Kazakhstan made its bid for the OSCE chairmanship several years ago it did so as "
        "a mature member of the international community.",
        HRW_2009,
        [("date", "several years ago", "2000-01-01", "2006-12-31")],
    ),
    # --- 001: NorHC, IPHR and NethHC appeal, 2012 -------------------------------------------
    (
        "Oslo, Brussels, The Hague 20 March 2012. With negotiations on a new EU-Kazakhstan ",
        APPEAL_2012,
        [("date", "20 March 2012", "2012-03-20", "2012-03-20")],
    ),
    (
        "Negotiations to replace the 1999 EU-Kazakhstan Partnership and Cooperation Agreement "
        "\n\n(PCA) with a new, enhanced agreement were launched in 2011.",
        APPEAL_2012,
        [
            ("date", "1999", "1999-01-01", "1999-12-31"),
            ("date", "2011", "2011-01-01", "2011-12-31"),
        ],
    ),
    (
        "A resolution adopted by the European Parliament on 15 \n\nMarch 2012 similarly emphasized",
        APPEAL_2012,
        [("date", "15 \n\nMarch 2012", "2012-03-15", "2012-03-15")],
    ),
    (
        "including by implementing the 2009-2012 National Human Rights Action Plan in ",
        APPEAL_2012,
        [("date", "2009-2012", "2009-01-01", "2012-12-31")],
    ),
    (
        "a trend which the EU High Representative for Foreign Affairs and the \n\nEuropean "
        "Parliament also noted with concern last week.",
        APPEAL_2012,
        [("date", "last week", "2012-03-12", "2012-03-18")],
    ),
    (
        "The country’s two major \n\nopposition parties were not able to run as one was "
        "suspended by court on spurious grounds, \n\nand the other one has not been granted "
        "registration despite seeking it for a long time.",
        APPEAL_2012,
        [
            ("count", "two", 2.0, 2.0),
            ("count", "one", 1.0, 1.0),
            ("status", "suspended by court", "suspended", None),
            ("count", "one", 1.0, 1.0),
            ("status", "not been granted registration", "denied-registration", None),
        ],
    ),
    (
        "During these events, more than a dozen people died and some 100 were wounded as "
        "police \n\nused arms to put down riots.",
        APPEAL_2012,
        [
            ("count", "more than a dozen", 13.0, INF),
            ("status", "died", "deceased", None),
            ("count", "some 100", 90.0, 110.0),
        ],
    ),
    (
        "With trials against those charged with organizing or participating in the riots "
        "\n\nexpected to start on 27 March 2012,",
        APPEAL_2012,
        [
            ("status", "trials against", "on-trial", None),
            ("status", "charged", "charged", None),
            ("date", "27 March 2012", "2012-03-27", "2012-03-27"),
        ],
    ),
    (
        "chief editor of the opposition Vzgliad newspaper who had \n\nbeen held in for custody "
        "since January 2012, was amnestied and released on 15 March 2012.",
        APPEAL_2012,
        [
            ("status", "held in for custody", "detained", None),
            ("date", "January 2012", "2012-01-01", "2012-01-31"),
            ("status", "amnestied", "amnestied", None),
            ("status", "released", "released", None),
            ("date", "15 March 2012", "2012-03-15", "2012-03-15"),
        ],
    ),
    (
        "Natalia Sokolova, a lawyer advising striking oil workers who \n\nwas imprisoned for "
        "six years in August 2011 for “inciting social hatred”",
        APPEAL_2012,
        [
            ("status", "imprisoned", "imprisoned", None),
            ("duration", "six years", 6 * YEAR, 6 * YEAR),
            ("date", "August 2011", "2011-08-01", "2011-08-31"),
        ],
    ),
    (
        "was released from prison on 8 March 2012. However, while her sentence was \n\nreduced "
        "to a three-year suspended one by the Kazakhstani Supreme Court, it is regrettable "
        "\n\nthat she was not acquitted and that a ban",
        APPEAL_2012,
        [
            ("status", "released from prison", "released", None),
            ("date", "8 March 2012", "2012-03-08", "2012-03-08"),
            ("duration", "three-year", 3 * YEAR, 3 * YEAR),
            ("status", "suspended one", "suspended-sentence", None),
        ],
    ),
    (
        "Among others, new legislation from early 2012 provides for enhanced government ",
        APPEAL_2012,
        [("date", "early 2012", "2012-01-01", "2012-04-30")],
    ),
    (
        "There have been new cases in the first part of 2012 when participants in peaceful "
        "opposition",
        APPEAL_2012,
        [("date", "the first part of 2012", "2012-01-01", "2012-06-30")],
    ),
    (
        "participants in two large-scale actions that were held in Almaty on 28 January and "
        "25 February \n\n2012 to protest the results",
        APPEAL_2012,
        [
            ("count", "two", 2.0, 2.0),
            ("date", "28 January", "2012-01-28", "2012-01-28"),
            ("date", "25 February \n\n2012", "2012-02-25", "2012-02-25"),
        ],
    ),
    (
        "However, the new Religion Law that entered into force in October 2011 retained the ban",
        APPEAL_2012,
        [("date", "October 2011", "2011-10-01", "2011-10-31")],
    ),
    (
        "even if the \n\nnew law gives them one year to re-register in accordance with new "
        "requirements. From early \n\n2011 to early 2012, close to 600 registered religious "
        "groups were closed down.",
        APPEAL_2012,
        [
            ("duration", "one year", YEAR, YEAR),
            ("date", "From early \n\n2011 to early 2012", "2011-01-01", "2012-04-30"),
            ("count", "close to 600", 540.0, 600.0),
            ("status", "registered", "registered", None),
            ("status", "closed down", "closed", None),
        ],
    ),
    (
        "Kazakhstan, Turkmenistan and Uzbekistan twenty years after the Soviet collapse, March "
        "2012, ",
        APPEAL_2012,
        [
            ("duration", "twenty years", 20 * YEAR, 20 * YEAR),
            ("date", "March 2012", "2012-03-01", "2012-03-31"),
        ],
    ),
    (
        "http://www2.ohchr.org/english/issues/plan_actions/docs/Kazakhstan2009-2012.pdf\n"
        "http://www.europarl.europa.eu/sides/getDoc.do?pubRef=-//EP//TEXT+TA+P7-TA-2012-0089+0"
        "+DOC+XML+V0//EN&language=EN\n"
        "http://www.akorda.kz/en/news/2011/12/segodnya_v_akorde_pod_predsedatelstvom_glavy",
        APPEAL_2012,
        [],
    ),
    # --- 002: IPHR and NHC letter to Barroso, 2014 ------------------------------------------
    (
        "Brussels, 8 October 2014\n\nDear President Barroso,",
        BARROSO_2014,
        [("date", "8 October 2014", "2014-10-08", "2014-10-08")],
    ),
    (
        "with regard to your upcoming meeting with Kazakhstan's president during his visit to "
        "Brussels this week.",
        BARROSO_2014,
        [("date", "this week", "2014-10-06", "2014-10-12")],
    ),
    (
        'The only true opposition party has been declared "extremist" and its leader Vladimir '
        "Kozlov remains imprisoned on politically motivated charges.",
        BARROSO_2014,
        [("status", "imprisoned", "imprisoned", None)],
    ),
    (
        "A number of major opposition media resources were closed down for alleged "
        '"extremist" propaganda in late 2012',
        BARROSO_2014,
        [
            ("status", "closed down", "closed", None),
            ("date", "late 2012", "2012-09-01", "2012-12-31"),
        ],
    ),
    (
        "the Ferghana News Agency, a leading news outlet covering Central Asia, has been "
        "blocked to internet users in Kazakhstan since September this year",
        BARROSO_2014,
        [
            ("status", "has been blocked", "blocked", None),
            ("date", "September this year", "2014-09-01", "2014-09-30"),
        ],
    ),
    (
        "New legislation adopted this summer (including the new Criminal Code) contains "
        "problematic provisions",
        BARROSO_2014,
        [("date", "this summer", "2014-06-01", "2014-08-31")],
    ),
    (
        "A number of human rights defenders are currently locked up on grounds deemed to be "
        "politically motivated",
        BARROSO_2014,
        [("status", "locked up", "imprisoned", None)],
    ),
    (
        "The new religion law that was adopted in late 2011 considerably tightened the "
        "regulation of religious communities. Religious communities are now required to have "
        "at least 50 members",
        BARROSO_2014,
        [
            ("date", "late 2011", "2011-09-01", "2011-12-31"),
            ("count", "at least 50", 50.0, INF),
        ],
    ),
    (
        "as a result of which the number of such associations decreased by over 30%.",
        BARROSO_2014,
        [("percent", "over 30%", ABOVE(30.0, INF), INF)],
    ),
    (
        "In view of the upcoming, second review of Kazakhstan under the Universal Periodic "
        "Review later this month, we encourage you",
        BARROSO_2014,
        [("date", "later this month", "2014-10-08", "2014-10-31")],
    ),
    # --- 003: IPHR and KIBHR on the human rights dialogue, 2014 ---------------------------
    (
        "This week, on 12 November 2014, a new round of the annual EU-Kazakhstan Human Rights "
        "Dialogue is scheduled",
        DIALOGUE_2014,
        [
            ("date", "This week", "2014-11-10", "2014-11-16"),
            ("date", "12 November 2014", "2014-11-12", "2014-11-12"),
        ],
    ),
    (
        "the lack of progress on key human rights issues in Kazakhstan since the last dialogue "
        "a year ago.",
        DIALOGUE_2014,
        [("date", "a year ago", "2013-01-01", "2013-12-31")],
    ),
    (
        "a local court ordered an advertising agency to pay 145 000 EUR in damages because of "
        "a creative poster depicting two classical male cultural figures kissing.",
        DIALOGUE_2014,
        [("money", "145 000 EUR", 145000.0, 145000.0), ("count", "two", 2.0, 2.0)],
    ),
    (
        "Several human rights defenders are currently deprived of their liberty on grounds "
        "believed to be motivated by their professional activities. These include Roza "
        "Tuletaeva and Vadim Kuramshin, who continue to serve prison sentences handed down in "
        "unfair trials; Zinaida Mukhortova, who has again been forcibly placed in psychiatric "
        "care;",
        DIALOGUE_2014,
        [
            ("count", "Several", 3.0, 9.0),
            ("status", "deprived of their liberty", "imprisoned", None),
            ("status", "serve prison sentences", "imprisoned", None),
            ("status", "forcibly placed in psychiatric care", "in-psychiatric-care", None),
        ],
    ),
    (
        "Last month negotiations were concluded on a new EU-Kazakhstan Partnership and "
        "Cooperation Agreement (PCA), which is intended to replace one in force since 1999",
        DIALOGUE_2014,
        [
            ("date", "Last month", "2014-10-01", "2014-10-31"),
            ("count", "one", 1.0, 1.0),
            ("date", "1999", "1999-01-01", "1999-12-31"),
        ],
    ),
    (
        "The practice of arbitrary blocking of websites that feature information critical of "
        "the authorities also continues.",
        DIALOGUE_2014,
        [("status", "blocking", "blocked", None)],
    ),
]


@pytest.mark.parametrize(("sentence", "reference", "expected"), CASES)
def test_seed_sentence(sentence: str, reference: datetime.date, expected: list[Flat]) -> None:
    assert [flat(v) for v in find_values(sentence, reference=reference)] == expected


def test_year_less_dates_are_left_out_without_a_reference() -> None:
    sentence = "On May 2, some fifty men stormed a meeting of opposition leaders in Shymkent"
    assert [flat(v) for v in find_values(sentence)] == [("count", "some fifty", 45.0, 55.0)]


def test_a_year_written_later_in_the_sentence_is_shared_and_not_inferred() -> None:
    sentence = "held in Almaty on 28 January and 25 February 2012 to protest"
    first, second = find_values(sentence)
    assert (flat(first), first.year_inferred) == (
        ("date", "28 January", "2012-01-28", "2012-01-28"),
        False,
    )
    assert (flat(second), second.precision) == (
        ("date", "25 February 2012", "2012-02-25", "2012-02-25"),
        "day",
    )


@pytest.mark.parametrize(
    ("sentence", "precision", "inferred"),
    [
        ("(December 1-2, 2009)", "range", False),
        ("in early October)", "part", True),
        ("in the first part of 2012", "part", False),
        ("On April 9, a brick", "day", True),
        ("in February 2009,", "month", False),
        ("launched in 2011.", "year", False),
        ("this summer", "part", True),
        ("From early 2011 to early 2012,", "range", False),
    ],
)
def test_date_precision_and_inference(sentence: str, precision: str, inferred: bool) -> None:
    (value,) = find_values(sentence, reference=HRW_2005)
    assert (value.precision, value.year_inferred) == (precision, inferred)


def test_only_the_requested_type() -> None:
    sentence = (
        "In December 2004, the Kazakh government filed charges of criminal tax evasion against "
        "the Soros Foundation Kazakhstan. The financial police alleged that the organization "
        "owed back taxes amounting to more than 81 million tenge (approx. U.S.$623,000)."
    )
    from kzfacts.values import ValueType

    assert [v.unit for v in find_values(sentence, ValueType.MONEY)] == ["KZT", "USD"]
    assert [v.text for v in find_values(sentence, ValueType.DATE)] == ["December 2004"]
    assert find_values(sentence, ValueType.COUNT) == []


@pytest.mark.parametrize(
    "text",
    [
        "TEXT+TA+P7-TA-2012-0089+0+DOC",
        "docs/Kazakhstan2009-2012.pdf",
        "article_id=1671 and rid=1360",
        "PC%20no.901%20-%20EU",
        "The newly added article 102-3 of the Administrative Code",
        "Article13-4 states that",
        "at 10:30 sharp",
    ],
)
def test_identifiers_are_not_values(text: str) -> None:
    assert [flat(v) for v in find_values(text) if v.type != "status"] == []
