"""Further demo news items and media contacts, loaded by ``demo.content``.

Everything here is invented demo content: every title starts with "Demo: ", every lead
ends with "(Demo content.)", the people below are fictional and their e-mail addresses
are at example.org, so no real mailbox is used. The places and themes are real, the
events are not. Datelines use "Astana" only from autumn 2022, when the capital took
that name again.
"""

DEMO_CONTACTS = [
    {
        "slug": "aizada-temirbekova",
        "name": "Ms. Aizada Temirbekova",
        "job_title": "Communications Officer",
        "office": "IOM Kyrgyzstan",
        "phone": "+996 312 000 000",
        "emails": ["media.kg@example.org"],
        "sort_order": 2,
    },
    {
        "slug": "farrukh-nazarov",
        "name": "Mr. Farrukh Nazarov",
        "job_title": "Media and Communications Assistant",
        "office": "IOM Tajikistan",
        "phone": "+992 37 000 0000",
        "emails": ["media.tj@example.org"],
        "sort_order": 3,
    },
    {
        "slug": "dana-seitkali",
        "name": "Ms. Dana Seitkali",
        "job_title": "Public Information Officer",
        "office": "IOM Kazakhstan",
        "phone": "+7 7172 000 000",
        "emails": ["media.kz@example.org"],
        "sort_order": 4,
    },
]

DEMO_CREDIT = "Illustration: IOM Central Asia (demo image)"

DEMO_NEWS = [
    # 2019
    {
        "slug": "demo-survey-of-labour-migrants-in-almaty-begins",
        "title": "Demo: Survey of labour migrants in Almaty begins",
        "dateline": "Almaty, Kazakhstan",
        "date": "2019-02-14",
        "countries": ["KZ"],
        "topics": ["migration-data", "labour-mobility"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["dana-seitkali"],
        "lead": (
            "IOM and a local research institute have started a survey of foreign workers "
            "in Almaty to learn about their jobs, housing and access to services. "
            "(Demo content.)"
        ),
        "body": [
            "Trained interviewers will speak with about 1,500 migrants at markets, "
            "construction sites and service centres across the city over the next three "
            "months. Taking part is voluntary and answers are anonymous.",
            "The questions cover how people found their work, whether they have written "
            "contracts, how much they send home and what problems they meet with "
            "registration and health care.",
            "The findings will be shared with national partners and civil society later "
            "in the year, to help shape services for migrant workers and their families.",
        ],
    },
    {
        "slug": "demo-hotline-staff-in-kyrgyzstan-trained-to-spot-trafficking",
        "title": "Demo: Hotline staff in Kyrgyzstan trained to spot signs of trafficking",
        "dateline": "Bishkek, Kyrgyzstan",
        "date": "2019-04-23",
        "countries": ["KG"],
        "topics": ["counter-trafficking"],
        "kind": "news",
        "scope": "local",
        "contacts": ["aizada-temirbekova"],
        "lead": (
            "Twenty-five consultants from NGO hotlines took part in a three-day course on "
            "recognising and referring possible victims of human trafficking. (Demo content.)"
        ),
        "body": [
            "Hotline consultants are often the first people a worried migrant or relative "
            "contacts. The course showed them how to ask careful questions, how to assess "
            "risk and how to pass a case to shelters, lawyers or the police with the "
            "caller's consent.",
            "Participants practised with role plays based on typical calls, such as a "
            "worker whose passport has been taken by an employer abroad.",
            "A shared referral directory, updated with national partners, was handed out "
            "at the end of the course.",
        ],
    },
    {
        "slug": "demo-tb-screening-offered-to-returning-migrants-in-dushanbe",
        "title": "Demo: Tuberculosis screening offered to returning migrants in Dushanbe",
        "dateline": "Dushanbe, Tajikistan",
        "date": "2019-07-10",
        "countries": ["TJ"],
        "topics": ["migration-health"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["farrukh-nazarov"],
        "image": True,
        "image_alt": (
            "Demo illustration: a blue banner with diagonal white lines and the words "
            "Dushanbe, Tajikistan"
        ),
        "image_caption": "Free tuberculosis screening is available to returning migrants.",
        "image_credit": DEMO_CREDIT,
        "lead": (
            "Migrants coming home after seasonal work abroad can now get free tuberculosis "
            "screening and advice at two outpatient clinics in the capital. (Demo content.)"
        ),
        "body": [
            "Long working hours, crowded housing and late diagnosis put migrant workers at "
            "higher risk of tuberculosis. Many only seek help once they are back home.",
            "The clinics offer a short questionnaire, a chest X-ray where needed and a "
            "referral for testing and treatment. Outreach workers explain that treatment "
            "is free and confidential.",
            "The pilot is run with the national tuberculosis programme and will be "
            "reviewed after six months.",
        ],
    },
    {
        "slug": "demo-pre-departure-orientation-for-workers-in-uzbekistan",
        "title": "Demo: Pre-departure orientation helps workers leaving Uzbekistan",
        "dateline": "Tashkent, Uzbekistan",
        "date": "2019-10-29",
        "countries": ["UZ"],
        "topics": ["labour-mobility"],
        "kind": "news",
        "scope": "local",
        "contacts": ["sanjarbek-toshbaev"],
        "lead": (
            "A one-day orientation course now prepares people who plan to work abroad for "
            "their rights, their contracts and life in a new country. (Demo content.)"
        ),
        "body": [
            "The course covers how to check a job offer and a recruitment agency, what a "
            "fair contract should contain and how to register on arrival.",
            "Participants also learn how to send money home safely and whom to call if "
            "they run into trouble, including the consular services of Uzbekistan.",
            "The material was prepared with the Ministry of Labour and will be offered in "
            "regional employment centres.",
        ],
    },
    {
        "slug": "demo-border-officials-in-turkmenistan-study-document-examination",
        "title": "Demo: Border officials in Turkmenistan study document examination",
        "dateline": "Ashgabat, Turkmenistan",
        "date": "2019-12-05",
        "countries": ["TM"],
        "topics": ["border-management"],
        "kind": "news",
        "scope": "local",
        "contacts": [],
        "lead": (
            "A week-long course gave border officers practical training in checking travel "
            "documents and spotting forgeries. (Demo content.)"
        ),
        "body": [
            "Trainers covered the security features of passports and visas, the use of "
            "magnifiers and ultraviolet lamps, and the steps to follow when a document "
            "raises doubts.",
            "The course also stressed that travellers must be treated with respect and "
            "that people who may need protection should be referred to the right services.",
        ],
    },
    # 2020
    {
        "slug": "demo-relief-for-migrants-stranded-by-travel-restrictions",
        "title": "Demo: Relief for migrants stranded by COVID-19 travel restrictions",
        "dateline": "Almaty, Kazakhstan",
        "date": "2020-04-09",
        "countries": ["KZ", "KG", "UZ"],
        "topics": ["emergencies", "migration-health"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["dana-seitkali"],
        "lead": (
            "IOM is providing food, hygiene kits and information to migrants from "
            "neighbouring countries who could not travel home when borders closed. "
            "(Demo content.)"
        ),
        "body": [
            "Restrictions on movement left many seasonal workers without income and far "
            "from their families. Some lost their accommodation when their jobs ended.",
            "With local volunteers and the consulates concerned, IOM teams delivered food "
            "parcels and hygiene items and shared health advice in several languages.",
            "A hotline answers questions on visas, registration and the possibilities of "
            "returning home once transport resumes.",
        ],
    },
    {
        "slug": "demo-small-grants-for-returning-migrants-in-osh",
        "title": "Demo: Small business grants for returning migrants in Osh",
        "dateline": "Osh, Kyrgyzstan",
        "date": "2020-06-25",
        "countries": ["KG"],
        "topics": ["migration-and-development"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["aizada-temirbekova"],
        "lead": (
            "Returning migrants who lost their jobs abroad during the pandemic can apply "
            "for training and small grants to start a business at home. (Demo content.)"
        ),
        "body": [
            "Applicants first attend a short course on business planning, bookkeeping and "
            "marketing. The strongest plans receive equipment or materials rather than cash.",
            "Early plans include a sewing workshop, a bakery, a car repair service and "
            "greenhouse farming.",
            "Mentors from the local business community will visit each new enterprise "
            "during its first year.",
        ],
    },
    {
        "slug": "demo-survey-tracks-fall-in-remittances-in-sughd",
        "title": "Demo: Household survey tracks fall in remittances in Sughd",
        "dateline": "Khujand, Tajikistan",
        "date": "2020-09-15",
        "countries": ["TJ"],
        "topics": ["migration-data", "migration-and-development"],
        "kind": "press-release",
        "scope": "local",
        "contacts": [],
        "lead": (
            "A telephone survey of households in the Sughd region shows how the pandemic "
            "has reduced the money sent home by family members working abroad. (Demo content.)"
        ),
        "body": [
            "Most households interviewed said they received less money in the spring and "
            "summer than a year earlier, and many reported cutting spending on food or "
            "health care.",
            "Families with a member unable to leave or return, because of transport "
            "restrictions, were among those under the greatest strain.",
            "The results will help local authorities and aid organizations target support "
            "to the families most in need.",
        ],
    },
    {
        "slug": "demo-hygiene-supplies-for-border-crossing-points-in-lebap",
        "title": "Demo: Hygiene supplies and health information for border crossing points",
        "dateline": "Turkmenabat, Turkmenistan",
        "date": "2020-11-20",
        "countries": ["TM"],
        "topics": ["border-management", "migration-health"],
        "kind": "news",
        "scope": "local",
        "contacts": [],
        "lead": (
            "Border crossing points in the Lebap region received hand-washing stations, "
            "protective equipment and information leaflets for travellers. (Demo content.)"
        ),
        "body": [
            "The supplies help staff and travellers follow basic infection prevention "
            "measures at busy crossing points.",
            "Leaflets in Turkmen, Russian and English explain how to protect oneself and "
            "others and where to seek medical help.",
            "Staff also received short training sessions on handling travellers who feel unwell.",
        ],
    },
    # 2021
    {
        "slug": "demo-support-for-trafficking-survivors-in-samarkand",
        "title": "Demo: Support for trafficking survivors rebuilding their lives in Samarkand",
        "dateline": "Samarkand, Uzbekistan",
        "date": "2021-02-11",
        "countries": ["UZ"],
        "topics": ["counter-trafficking"],
        "kind": "story",
        "scope": "local",
        "contacts": ["sanjarbek-toshbaev"],
        "lead": (
            "Survivors of human trafficking in the Samarkand region are receiving "
            "counselling, vocational training and help finding work. (Demo content.)"
        ),
        "body": [
            "Each person works with a case manager to agree on a plan that fits their "
            "needs, which may include medical care, legal advice or help with documents.",
            "Vocational courses in tailoring, cooking and hairdressing are offered with "
            "local colleges, and some participants receive start-up kits.",
            "The support is provided with national partners and local NGOs, who continue "
            "to follow up with each person after the programme ends.",
        ],
    },
    {
        "slug": "demo-migrants-in-kyrgyzstan-learn-about-covid-19-vaccination",
        "title": "Demo: Migrants in Kyrgyzstan learn where to get COVID-19 vaccines",
        "dateline": "Bishkek, Kyrgyzstan",
        "date": "2021-05-20",
        "countries": ["KG"],
        "topics": ["migration-health"],
        "kind": "news",
        "scope": "local",
        "contacts": ["aizada-temirbekova"],
        "lead": (
            "An information campaign explains to migrants and their families how and where "
            "they can be vaccinated against COVID-19 before they travel. (Demo content.)"
        ),
        "body": [
            "Posters at bus stations, short videos and messages in popular messaging "
            "groups answer common questions about vaccine safety and the documents needed.",
            "Health workers also took part in online question-and-answer sessions in "
            "Kyrgyz and Russian.",
            "The campaign follows the national vaccination plan and supports the principle "
            "that migrants should have the same access to vaccines as everyone else.",
        ],
    },
    {
        "slug": "demo-preparedness-planning-at-border-crossings-in-tajikistan",
        "title": "Demo: Preparedness planning at border crossing points in Tajikistan",
        "dateline": "Dushanbe, Tajikistan",
        "date": "2021-08-12",
        "countries": ["TJ"],
        "topics": ["border-management", "emergencies"],
        "kind": "news",
        "scope": "local",
        "contacts": ["farrukh-nazarov"],
        "lead": (
            "Border and emergency services worked through contingency plans for a sudden "
            "increase in arrivals at crossing points in the south of the country. "
            "(Demo content.)"
        ),
        "body": [
            "A tabletop exercise tested how agencies would share information, register "
            "arrivals and provide shelter, water and first aid in the first days.",
            "Participants identified gaps in supplies and communications and agreed on "
            "steps to close them.",
            "The exercise also covered how to identify and refer people with special needs, "
            "such as unaccompanied children and older people.",
        ],
    },
    {
        "slug": "demo-students-in-shymkent-talk-about-safe-migration",
        "title": "Demo: Students in Shymkent talk about safe migration",
        "dateline": "Shymkent, Kazakhstan",
        "date": "2021-10-07",
        "countries": ["KZ"],
        "topics": ["counter-trafficking", "labour-mobility"],
        "kind": "story",
        "scope": "local",
        "contacts": [],
        "lead": (
            "College students in Shymkent took part in workshops on job offers abroad, "
            "online recruitment scams and where to find reliable advice. (Demo content.)"
        ),
        "body": [
            "Young people often hear about jobs abroad through friends or social media. "
            "The workshops showed them how to check an offer and which warning signs to "
            "look for.",
            "Students then created their own posters and short videos with safe migration "
            "messages for their classmates.",
            "The best entries will be shared on the colleges' social media pages during "
            "the winter months.",
        ],
    },
    {
        "slug": "demo-womens-groups-in-turkmenistan-trained-on-safe-migration",
        "title": "Demo: Women's organizations in Turkmenistan trained on safe migration",
        "dateline": "Ashgabat, Turkmenistan",
        "date": "2021-12-02",
        "countries": ["TM"],
        "topics": ["counter-trafficking", "labour-mobility"],
        "kind": "news",
        "scope": "local",
        "contacts": [],
        "lead": (
            "Representatives of women's organizations learned how to advise women who are "
            "considering work abroad. (Demo content.)"
        ),
        "body": [
            "Women who migrate for work can face particular risks, including exploitation "
            "in domestic work and limited access to health care.",
            "The training covered legal migration channels, recruitment fraud, and where "
            "women can seek help at home and abroad.",
            "Participants will pass on what they learned through meetings in their own "
            "communities.",
        ],
    },
    # 2022
    {
        "slug": "demo-regional-meeting-on-migration-statistics-in-tashkent",
        "title": "Demo: Regional meeting on migration statistics held in Tashkent",
        "dateline": "Tashkent, Uzbekistan",
        "date": "2022-03-03",
        "countries": ["UZ", "KZ", "KG"],
        "topics": ["migration-data"],
        "kind": "press-release",
        "scope": "global",
        "contacts": ["sanjarbek-toshbaev"],
        "lead": (
            "Statisticians and migration officials from three countries compared how they "
            "collect and share data on people moving across the region. (Demo content.)"
        ),
        "body": [
            "Countries use different definitions and sources, which makes it hard to "
            "compare figures on labour migration and returns.",
            "Participants discussed household surveys, administrative records and border "
            "data, and how to protect personal information when data is shared.",
            "They agreed to prepare a short list of common indicators for discussion at a "
            "follow-up meeting.",
        ],
    },
    {
        "slug": "demo-skills-recognition-for-returning-migrants-in-namangan",
        "title": "Demo: Returning migrants in Namangan get their skills certified",
        "dateline": "Namangan, Uzbekistan",
        "date": "2022-05-26",
        "countries": ["UZ"],
        "topics": ["migration-and-development", "labour-mobility"],
        "kind": "news",
        "scope": "local",
        "contacts": [],
        "lead": (
            "Migrants who learned a trade while working abroad can now have their skills "
            "assessed and certified at a local training centre. (Demo content.)"
        ),
        "body": [
            "Many returning workers have years of experience in construction, welding or "
            "cooking but no certificate to show employers.",
            "Assessors watch candidates perform practical tasks and issue a certificate "
            "that is recognised by employers across the country.",
            "Those who need to fill gaps in their skills can join short top-up courses.",
        ],
    },
    {
        "slug": "demo-communities-in-sughd-map-mudflow-risks",
        "title": "Demo: Mountain communities in Sughd map mudflow and flood risks",
        "dateline": "Khujand, Tajikistan",
        "date": "2022-07-14",
        "countries": ["TJ"],
        "topics": ["climate-and-environment", "emergencies"],
        "kind": "story",
        "scope": "local",
        "contacts": ["farrukh-nazarov"],
        "image": True,
        "image_alt": (
            "Demo illustration: a blue banner with diagonal white lines and the words "
            "Khujand, Tajikistan"
        ),
        "image_caption": "Villagers marked safe routes and gathering points on a shared map.",
        "image_credit": DEMO_CREDIT,
        "lead": (
            "Villagers worked with local authorities to draw maps of areas at risk from "
            "mudflows and floods caused by heavy rain and melting glaciers. (Demo content.)"
        ),
        "body": [
            "Rising temperatures are changing the pattern of snow and glacier melt in the "
            "mountains, and some villages face mudflows more often than before.",
            "The maps show homes, schools and roads in danger zones, as well as safe "
            "evacuation routes and gathering points.",
            "Community volunteers were trained in early warning and first aid, and some "
            "families are considering relocating from the most exposed areas.",
        ],
    },
    {
        "slug": "demo-diaspora-forum-on-investment-in-kyrgyzstan",
        "title": "Demo: Diaspora forum looks at investment in home regions",
        "dateline": "Bishkek, Kyrgyzstan",
        "date": "2022-09-29",
        "countries": ["KG"],
        "topics": ["migration-and-development"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["aizada-temirbekova"],
        "lead": (
            "Members of the Kyrgyz diaspora met entrepreneurs and local officials to "
            "discuss ways to invest savings and skills in their home regions. (Demo content.)"
        ),
        "body": [
            "Speakers presented examples of diaspora members who had set up businesses in "
            "agriculture, tourism and information technology.",
            "Sessions also covered the cost of sending money home and how digital payment "
            "services can reduce it.",
            "Participants proposed an online platform to connect diaspora investors with "
            "projects in rural areas.",
        ],
    },
    {
        "slug": "demo-consular-officers-train-on-assisting-nationals-abroad",
        "title": "Demo: Consular officers from three countries train on assisting nationals abroad",
        "dateline": "Astana, Kazakhstan",
        "date": "2022-11-17",
        "countries": ["KZ", "TJ", "UZ"],
        "topics": ["labour-mobility", "counter-trafficking"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["dana-seitkali"],
        "lead": (
            "Consular staff shared practice on helping nationals in difficulty abroad, "
            "from lost documents to detention and exploitation. (Demo content.)"
        ),
        "body": [
            "The course looked at how consulates can identify migrants in vulnerable "
            "situations and work with local services in the host country.",
            "Participants discussed cases involving migrants who had been injured at work, "
            "had wages withheld or needed help to return home.",
            "A shared checklist for first interviews with people seeking consular help was "
            "drafted during the course.",
        ],
    },
    # 2023
    {
        "slug": "demo-water-scarcity-and-mobility-along-the-amu-darya",
        "title": "Demo: Study looks at water scarcity and mobility along the Amu Darya",
        "dateline": "Turkmenabat, Turkmenistan",
        "date": "2023-01-26",
        "countries": ["TM"],
        "topics": ["climate-and-environment", "migration-data"],
        "kind": "press-release",
        "scope": "local",
        "contacts": [],
        "lead": (
            "A new study examines how drought and changing river flows affect farming "
            "families and their decisions to move in search of work. (Demo content.)"
        ),
        "body": [
            "Farmers in the study area described lower harvests in dry years and greater "
            "reliance on income from family members working elsewhere.",
            "The study recommends water-saving irrigation, support for alternative "
            "livelihoods and better information for people who decide to move.",
        ],
    },
    {
        "slug": "demo-savings-groups-for-women-in-migrant-families-in-osh",
        "title": "Demo: Savings groups help women in migrant families in Osh",
        "dateline": "Osh, Kyrgyzstan",
        "date": "2023-03-09",
        "countries": ["KG"],
        "topics": ["migration-and-development"],
        "kind": "story",
        "scope": "local",
        "contacts": ["aizada-temirbekova"],
        "lead": (
            "Women whose husbands or sons work abroad have formed savings groups to pool "
            "money and start small businesses. (Demo content.)"
        ),
        "body": [
            "Each group of 10 to 20 women meets weekly, saves together and gives small "
            "loans to members.",
            "Training in financial literacy and business skills helps members plan how to "
            "use remittances and their own earnings.",
            "Several groups have already started joint ventures such as dairy processing "
            "and handicraft production.",
        ],
    },
    {
        "slug": "demo-livelihoods-and-mobility-in-the-aral-sea-region",
        "title": "Demo: Livelihoods and mobility in the Aral Sea region",
        "dateline": "Nukus, Uzbekistan",
        "date": "2023-05-18",
        "countries": ["UZ", "KZ"],
        "topics": ["climate-and-environment", "migration-and-development"],
        "kind": "press-release",
        "scope": "global",
        "contacts": ["sanjarbek-toshbaev"],
        "image": True,
        "image_alt": (
            "Demo illustration: a blue banner with diagonal white lines and the words "
            "Nukus, Uzbekistan"
        ),
        "image_caption": "Dust storms and salty soils affect farming in the Aral Sea region.",
        "image_credit": DEMO_CREDIT,
        "lead": (
            "A joint assessment describes how the shrinking of the Aral Sea continues to "
            "shape jobs, health and migration in communities around it. (Demo content.)"
        ),
        "body": [
            "The retreat of the sea has left salty, dusty land where fishing and farming "
            "once supported whole towns. Many young people leave to look for work.",
            "The assessment draws on interviews in communities on both sides of the "
            "border and on available data about population change.",
            "It suggests investing in skills, green jobs and health services so that "
            "staying is a real option and moving is a safe choice.",
        ],
    },
    {
        "slug": "demo-labour-inspectors-in-kazakhstan-trained-on-forced-labour",
        "title": "Demo: Labour inspectors in Kazakhstan trained to identify forced labour",
        "dateline": "Almaty, Kazakhstan",
        "date": "2023-08-24",
        "countries": ["KZ"],
        "topics": ["counter-trafficking", "labour-mobility"],
        "kind": "news",
        "scope": "local",
        "contacts": ["dana-seitkali"],
        "lead": (
            "Labour inspectors studied the indicators of forced labour and how to refer "
            "migrant workers who may be victims of trafficking. (Demo content.)"
        ),
        "body": [
            "Indicators such as withheld wages, confiscated documents and restricted "
            "movement can point to serious exploitation.",
            "Inspectors practised interviewing workers in a safe and private way and "
            "learned how to work with interpreters.",
            "The training is part of wider cooperation with national partners on fair "
            "recruitment and decent work for migrants.",
        ],
    },
    {
        "slug": "demo-hiv-testing-and-counselling-for-migrants-in-tajikistan",
        "title": "Demo: HIV testing and counselling for migrants and their families",
        "dateline": "Dushanbe, Tajikistan",
        "date": "2023-10-12",
        "countries": ["TJ"],
        "topics": ["migration-health"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["farrukh-nazarov"],
        "lead": (
            "Mobile teams are offering voluntary and confidential HIV testing and "
            "counselling to migrants and their partners. (Demo content.)"
        ),
        "body": [
            "The teams visit districts with many seasonal workers, especially before "
            "departures in spring and after returns in late autumn.",
            "People who test positive are referred for treatment and support, which is "
            "free of charge in the national health system.",
            "Peer educators, some of them former migrants, help reduce stigma and "
            "encourage people to get tested.",
        ],
    },
    # 2024
    {
        "slug": "demo-migration-data-training-for-statistics-staff-in-turkmenistan",
        "title": "Demo: Statistics staff in Turkmenistan train on migration data",
        "dateline": "Ashgabat, Turkmenistan",
        "date": "2024-02-08",
        "countries": ["TM"],
        "topics": ["migration-data"],
        "kind": "news",
        "scope": "local",
        "contacts": [],
        "lead": (
            "A workshop introduced statistics staff to international recommendations on "
            "measuring migration and to ways of combining data sources. (Demo content.)"
        ),
        "body": [
            "Participants looked at how censuses, surveys and administrative records can "
            "each contribute to a clearer picture of migration.",
            "Practical sessions covered data quality checks and the presentation of "
            "results for policy makers.",
        ],
    },
    {
        "slug": "demo-relief-items-for-families-affected-by-spring-floods",
        "title": "Demo: Relief items for families affected by spring floods in Kazakhstan",
        "dateline": "Astana, Kazakhstan",
        "date": "2024-04-11",
        "countries": ["KZ"],
        "topics": ["emergencies", "climate-and-environment"],
        "kind": "press-release",
        "scope": "global",
        "contacts": ["dana-seitkali"],
        "image": True,
        "image_alt": (
            "Demo illustration: a blue banner with diagonal white lines and the words "
            "Astana, Kazakhstan"
        ),
        "image_caption": "Families displaced by the floods receive bedding and hygiene kits.",
        "image_credit": DEMO_CREDIT,
        "lead": (
            "IOM is delivering bedding, hygiene kits and household items to families who "
            "left their homes because of severe spring flooding. (Demo content.)"
        ),
        "body": [
            "Rapid snowmelt and heavy rain caused rivers to overflow in several northern "
            "and western regions, forcing many people to move to temporary shelters or "
            "stay with relatives.",
            "Working with local authorities and the national emergency services, IOM "
            "teams are distributing relief items in evacuation centres.",
            "Staff are also gathering information on the needs of displaced families to "
            "help plan the next stage of the response.",
        ],
    },
    {
        "slug": "demo-recovery-needs-after-the-floods-in-kazakhstan",
        "title": "Demo: Assessment of recovery needs after the floods in Kazakhstan",
        "dateline": "Astana, Kazakhstan",
        "date": "2024-06-20",
        "countries": ["KZ"],
        "topics": ["emergencies", "migration-data"],
        "kind": "press-release",
        "scope": "local",
        "contacts": [],
        "lead": (
            "Interviews with flood-affected families show that housing repairs and lost "
            "income are their main concerns as they return home. (Demo content.)"
        ),
        "body": [
            "Most households have returned, but many homes need drying, repairs or "
            "rebuilding, and some families lost livestock and stored food.",
            "The assessment recommends cash assistance, help with repairs and flood "
            "preparedness measures for the next spring season.",
            "Its findings have been shared with national partners and other organizations "
            "supporting the recovery.",
        ],
    },
    {
        "slug": "demo-earthquake-preparedness-drills-in-bishkek-schools",
        "title": "Demo: Earthquake preparedness drills in Bishkek schools",
        "dateline": "Bishkek, Kyrgyzstan",
        "date": "2024-08-15",
        "countries": ["KG"],
        "topics": ["emergencies"],
        "kind": "story",
        "scope": "local",
        "contacts": ["aizada-temirbekova"],
        "image": True,
        "image_alt": (
            "Demo illustration: a blue banner with diagonal white lines and the words "
            "Bishkek, Kyrgyzstan"
        ),
        "image_caption": "Pupils practise leaving the building to a safe assembly point.",
        "image_credit": DEMO_CREDIT,
        "lead": (
            "Before the new school year, teachers and pupils practised what to do during "
            "and after an earthquake. (Demo content.)"
        ),
        "body": [
            "Bishkek lies in an area of high seismic activity, and schools are important "
            "places both for protecting children and for sheltering people after a disaster.",
            "The drills covered taking cover, evacuating calmly and gathering at safe "
            "assembly points, as well as reuniting children with their families.",
            "Emergency kits and shelter materials have also been stored so that they can "
            "be distributed quickly if needed.",
        ],
    },
    {
        "slug": "demo-online-job-matching-for-workers-in-samarkand",
        "title": "Demo: Online job matching promotes ethical recruitment in Samarkand",
        "dateline": "Samarkand, Uzbekistan",
        "date": "2024-10-24",
        "countries": ["UZ"],
        "topics": ["labour-mobility"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["sanjarbek-toshbaev"],
        "lead": (
            "A migrant resource centre now helps jobseekers compare verified vacancies "
            "abroad and avoid recruiters who charge illegal fees. (Demo content.)"
        ),
        "body": [
            "Counsellors help visitors register on an online platform that lists vacancies "
            "from licensed agencies and employers.",
            "Under the principles of ethical recruitment, workers should not pay fees to "
            "obtain a job. The centre explains these principles and how to report abuses.",
            "The centre also offers language courses and information on the countries "
            "where vacancies are offered.",
        ],
    },
    {
        "slug": "demo-support-for-women-heading-migrant-households-in-sughd",
        "title": "Demo: Support for women heading migrant households in Sughd",
        "dateline": "Khujand, Tajikistan",
        "date": "2024-12-05",
        "countries": ["TJ"],
        "topics": ["migration-and-development"],
        "kind": "story",
        "scope": "local",
        "contacts": ["farrukh-nazarov"],
        "lead": (
            "Women who run their households while their husbands work abroad are receiving "
            "legal advice, psychosocial support and job training. (Demo content.)"
        ),
        "body": [
            "When remittances stop or become irregular, women left behind can face "
            "serious hardship, often without documents proving their rights to land or "
            "housing.",
            "Lawyers help with property, marriage and child support documents, while "
            "counsellors offer individual and group sessions.",
            "Vocational training in greenhouse farming, food processing and sewing helps "
            "the women earn their own income.",
        ],
    },
    # 2025
    {
        "slug": "demo-regional-counter-trafficking-cooperation-meeting",
        "title": "Demo: Regional meeting strengthens cooperation against human trafficking",
        "dateline": "Tashkent, Uzbekistan",
        "date": "2025-01-30",
        "countries": ["UZ", "TJ", "KG"],
        "topics": ["counter-trafficking", "border-management"],
        "kind": "press-release",
        "scope": "global",
        "contacts": ["sanjarbek-toshbaev"],
        "lead": (
            "Law enforcement officials, prosecutors and NGOs from three countries discussed "
            "how to work together on cross-border trafficking cases. (Demo content.)"
        ),
        "body": [
            "Participants reviewed how victims are identified, how evidence can be shared "
            "across borders and how survivors can return home safely.",
            "NGO representatives stressed the importance of putting survivors' needs and "
            "consent at the centre of every case.",
            "The meeting closed with agreement to hold regular exchanges between the "
            "national referral mechanisms.",
        ],
    },
    {
        "slug": "demo-counter-trafficking-awareness-in-lebap",
        "title": "Demo: Awareness sessions on trafficking risks in the Lebap region",
        "dateline": "Turkmenabat, Turkmenistan",
        "date": "2025-03-20",
        "countries": ["TM"],
        "topics": ["counter-trafficking"],
        "kind": "news",
        "scope": "local",
        "contacts": [],
        "lead": (
            "Community meetings in towns and villages explained the risks of human "
            "trafficking and where to find help. (Demo content.)"
        ),
        "body": [
            "Facilitators used real-life style stories to show how false job offers and "
            "debts can trap people in exploitation.",
            "Participants received leaflets with the numbers of hotlines and support "
            "services, and local volunteers were trained to continue the sessions.",
        ],
    },
    {
        "slug": "demo-psychosocial-support-for-returning-migrants-in-osh",
        "title": "Demo: Psychosocial support for returning migrants in Osh",
        "dateline": "Osh, Kyrgyzstan",
        "date": "2025-06-12",
        "countries": ["KG"],
        "topics": ["migration-health"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["aizada-temirbekova"],
        "lead": (
            "A new counselling service helps returning migrants and their families cope "
            "with stress, debt and the challenges of settling back home. (Demo content.)"
        ),
        "body": [
            "Returning home is not always easy. Some migrants come back after losing their "
            "jobs, being injured or facing exploitation abroad.",
            "Trained psychologists offer individual sessions and support groups, and refer "
            "people to medical, legal or employment services when needed.",
            "Family sessions help relatives adjust after long periods of separation.",
        ],
    },
    {
        "slug": "demo-financial-literacy-for-migrant-families-in-shymkent",
        "title": "Demo: Financial literacy classes for migrant families in Shymkent",
        "dateline": "Shymkent, Kazakhstan",
        "date": "2025-09-04",
        "countries": ["KZ", "UZ"],
        "topics": ["migration-and-development"],
        "kind": "story",
        "scope": "local",
        "contacts": ["dana-seitkali"],
        "lead": (
            "Migrant workers and their relatives learned how to compare transfer costs, "
            "budget and save part of the money sent home. (Demo content.)"
        ),
        "body": [
            "Sending money across borders can be expensive, and small differences in fees "
            "and exchange rates add up over a year.",
            "Classes showed how to compare providers, use digital transfers safely and "
            "protect personal data from fraud.",
            "Participants also made household budgets and savings plans, and some opened "
            "their first bank accounts.",
        ],
    },
    {
        "slug": "demo-glacier-melt-and-mobility-study-in-tajikistan",
        "title": "Demo: Study on glacier melt and mobility in Tajikistan's mountain areas",
        "dateline": "Dushanbe, Tajikistan",
        "date": "2025-11-13",
        "countries": ["TJ"],
        "topics": ["climate-and-environment", "migration-data"],
        "kind": "press-release",
        "scope": "global",
        "contacts": ["farrukh-nazarov"],
        "lead": (
            "A study looks at how glacier retreat affects water supply, farming and "
            "migration in high mountain communities. (Demo content.)"
        ),
        "body": [
            "Glaciers feed the rivers that supply water for drinking, irrigation and "
            "hydropower across the region. Their retreat is changing seasonal water flows.",
            "Households interviewed described both new hazards, such as glacial lake "
            "outburst floods, and water shortages late in the summer.",
            "The study recommends including mobility in climate adaptation plans, from "
            "early warning systems to support for people who choose to relocate.",
        ],
    },
    # 2026
    {
        "slug": "demo-information-hotline-for-migrants-working-in-kazakhstan",
        "title": "Demo: Information hotline for migrants working in Kazakhstan expands",
        "dateline": "Almaty, Kazakhstan",
        "date": "2026-02-19",
        "countries": ["KZ", "KG", "TJ"],
        "topics": ["labour-mobility"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["dana-seitkali"],
        "lead": (
            "The hotline now answers calls and messages in more languages, helping "
            "migrants with questions on registration, work permits and consular services. "
            "(Demo content.)"
        ),
        "body": [
            "Consultants give free, confidential advice and refer callers to the embassies "
            "and consulates of their countries when needed.",
            "Common questions concern work permits, employers who do not pay wages, "
            "and access to medical care.",
            "The hotline works with national partners so that information on rules and "
            "procedures is always up to date.",
        ],
    },
    {
        "slug": "demo-cross-border-continuity-of-tuberculosis-care",
        "title": "Demo: Continuity of tuberculosis care for migrants who cross borders",
        "dateline": "Ashgabat, Turkmenistan",
        "date": "2026-04-16",
        "countries": ["TM", "UZ"],
        "topics": ["migration-health", "border-management"],
        "kind": "press-release",
        "scope": "local",
        "contacts": [],
        "lead": (
            "Health specialists discussed how migrants can continue tuberculosis treatment "
            "without interruption when they move between countries. (Demo content.)"
        ),
        "body": [
            "Interrupted treatment can make tuberculosis harder to cure and lead to drug "
            "resistance.",
            "Participants looked at ways of sharing treatment records safely, with the "
            "patient's consent, and of linking clinics on both sides of the border.",
            "A short guide for health workers on counselling mobile patients will be "
            "prepared in the coming months.",
        ],
    },
    {
        "slug": "demo-young-people-in-kyrgyzstan-share-safe-migration-tips-online",
        "title": "Demo: Young people in Kyrgyzstan share safe migration tips online",
        "dateline": "Bishkek, Kyrgyzstan",
        "date": "2026-06-25",
        "countries": ["KG"],
        "topics": ["counter-trafficking", "labour-mobility"],
        "kind": "story",
        "scope": "local",
        "contacts": [],
        "lead": (
            "Young bloggers are creating short videos on how to check job offers abroad "
            "and stay safe on the move. (Demo content.)"
        ),
        "body": [
            "The campaign brings together young content creators who received training on "
            "migration facts and on presenting them accurately.",
            "Their videos answer questions that young people often ask, such as how to "
            "recognise a fake vacancy and what documents to carry.",
            "Each video links to official sources of information and to a free hotline.",
        ],
    },
    {
        "slug": "demo-women-returning-migrants-start-businesses-in-namangan",
        "title": "Demo: Women returning migrants start businesses in Namangan",
        "dateline": "Namangan, Uzbekistan",
        "date": "2026-09-10",
        "countries": ["UZ"],
        "topics": ["migration-and-development"],
        "kind": "story",
        "scope": "local",
        "contacts": ["sanjarbek-toshbaev"],
        "image": True,
        "image_alt": (
            "Demo illustration: a blue banner with diagonal white lines and the words "
            "Namangan, Uzbekistan"
        ),
        "image_caption": "Participants presented their business plans to local mentors.",
        "image_credit": DEMO_CREDIT,
        "lead": (
            "Women who came back from work abroad are using their savings and new skills "
            "to open small businesses with support from mentors. (Demo content.)"
        ),
        "body": [
            "The programme combines business training, childcare during classes and "
            "advice on registering a company.",
            "Participants have opened sewing workshops, catering services and a small "
            "shop selling dried fruit.",
            "Mentors from local business associations will follow each enterprise for a "
            "year and help connect it with buyers.",
        ],
    },
    {
        "slug": "demo-migration-data-dashboard-launched-in-astana",
        "title": "Demo: Online migration data dashboard launched in Astana",
        "dateline": "Astana, Kazakhstan",
        "date": "2026-10-15",
        "countries": ["KZ"],
        "topics": ["migration-data"],
        "kind": "press-release",
        "scope": "local",
        "contacts": ["dana-seitkali"],
        "lead": (
            "A new online dashboard brings together published migration statistics so "
            "that researchers, journalists and officials can find them in one place. "
            "(Demo content.)"
        ),
        "body": [
            "The dashboard shows trends in arrivals, departures and labour migration, "
            "with notes on the sources and limitations of each figure.",
            "It was developed with national partners and will be updated as new data is published.",
            "Users can download tables and charts free of charge for their own work.",
        ],
    },
]
