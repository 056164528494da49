"""A sample travel book's inputs, made up and deterministic: for the benchmark and tests.

``sample_trip`` builds a Japanese trip of any length with rich days (several paragraphs,
a stay with address and phone, timed activities, a transfer with its duration, a meal),
the route with coordinates, local contacts and practical notes. ``generate_photo`` makes
a camera-sized JPEG (gradients and noise, like a 12-megapixel original) so that photo
handling is exercised without shipping photos.
"""

from __future__ import annotations

import io
from datetime import date, time, timedelta
from decimal import Decimal

from PIL import Image

from cocohop.book.branding import Branding, LegalMentions
from cocohop.book.extras import DocumentEntry, QuoteLine, QuoteSummary
from cocohop.domain.itinerary import Contact, Day, Item, ItemKind, RouteStop, Trip

START = date(2027, 4, 17)  # a Saturday; 29 April (Shōwa Day) falls in a 16-day trip

# (name, lat, lon, stay, address, phone)
PLACES = [
    ("Tokyo", 35.6895, 139.6917, "Hôtel Shinjuku Garden", "3-7-1 Nishi-Shinjuku, Shinjuku, Tokyo", "+81 3 1234 5678"),
    ("Hakone", 35.2324, 139.1069, "Ryokan Gora Kadan", "1300 Gora, Hakone, Kanagawa", "+81 460 82 3331"),
    ("Kanazawa", 36.5613, 136.6562, "Hôtel Kenrokuen", "2-1 Kenroku-machi, Kanazawa", "+81 76 123 4567"),
    ("Kyoto", 35.0116, 135.7681, "Machiya de Gion", "Gion, Higashiyama, Kyoto", "+81 75 561 0000"),
    ("Nara", 34.6851, 135.8048, "Auberge Nara Park", "Noborioji-cho, Nara", ""),
    ("Osaka", 34.6937, 135.5023, "Hôtel Namba", "Namba, Chuo, Osaka", "+81 6 6123 4567"),
]

PARAGRAPHS = {
    "fr": [
        "Matinée libre à {place} : flânez dans les ruelles, entrez dans une boutique d'artisan, "
        "goûtez un thé vert dans une maison centenaire.\nLe déjeuner se prend au marché, au comptoir.",
        "L'après-midi, votre guide vous attend à l'hôtel pour la visite d'un jardin et d'un temple "
        "moins connus des voyageurs, loin de la foule, avec le temps de s'asseoir et de regarder.",
        "En fin de journée, promenade le long de la rivière jusqu'au quartier des lanternes, où les "
        "restaurants de quartier servent une cuisine simple et de saison.",
        "Conseil de votre conseiller : gardez un peu de liquide sur vous, de nombreux petits "
        "commerces n'acceptent pas encore les cartes, et réservez une table pour le dîner.",
    ],
    "fr_more": [
        "À découvrir à {place} : les sanctuaires de quartier, souvent cachés entre deux maisons, où "
        "les habitants viennent saluer les divinités du lieu avant de partir au travail. Leurs portiques "
        "vermillon, leurs lanternes de pierre et leurs plaques votives racontent l'histoire de chaque rue.",
        "Les marchés couverts ouvrent tôt : poissons du matin, légumes de saison, pickles de toutes les "
        "couleurs et petits gâteaux de riz. Les marchands offrent volontiers à goûter ; un sourire et "
        "un merci suffisent, le pourboire n'est pas d'usage au Japon.",
        "Pour la soirée, votre conseiller a réservé une table dans une maison réputée pour sa cuisine "
        "de saison. Le menu suit le marché du jour ; signalez vos allergies à l'avance, le restaurant "
        "en tiendra compte.\nLe retour à l'hôtel se fait à pied, une quinzaine de minutes.",
        "Si le temps le permet, montez au belvédère en fin d'après-midi : la vue sur les toits et les "
        "collines au coucher du soleil vaut le détour. Prévoyez de bonnes chaussures, le chemin est "
        "pentu par endroits, et un vêtement chaud, le vent se lève vite.",
        "Un peu d'histoire : {place} s'est développée autour de ses temples et de ses marchés, sur "
        "une route de pèlerinage et de commerce. Les maisons de bois des marchands, leurs façades à "
        "claire-voie et leurs boutiques sur rue ont traversé les siècles ; plusieurs se visitent et "
        "racontent la vie quotidienne d'autrefois, de l'atelier au jardin intérieur.",
        "L'artisanat local se découvre dans les ateliers : laque, céramique, papier, tissage. Les "
        "artisans accueillent volontiers les visiteurs, expliquent leurs gestes et proposent parfois "
        "une courte initiation. Les pièces achetées sur place peuvent être expédiées en France ; "
        "demandez un reçu détaillé pour la douane.",
        "Côté pratique : les distributeurs des supérettes acceptent les cartes étrangères à toute "
        "heure ; les transports ferment vers minuit ; les musées ferment souvent le lundi. Votre "
        "guide vous remettra un plan du quartier avec les adresses de ce carnet.",
        "La table du jour : au déjeuner, un bol de nouilles dans une échoppe de six places, ou un "
        "plateau de bento acheté à la gare et mangé sur un banc du parc. Le soir, les izakaya du "
        "quartier servent brochettes, tempura et légumes grillés, à partager entre amis ou en famille.",
        "Avec des enfants : les parcs ont presque tous une aire de jeux, les toilettes publiques sont "
        "propres et gratuites, et les gares disposent de salles pour les tout-petits. Les musées "
        "proposent souvent des livrets en anglais ; demandez-les à l'accueil.",
        "Le rythme de la journée laisse du temps libre : c'est voulu. Un banc sous les érables, un "
        "thé dans une maison de bois, une boutique de papeterie : c'est souvent dans ces moments que "
        "l'on rencontre vraiment un lieu. Votre guide connaît les bonnes adresses, n'hésitez pas.",
    ],
    "en": [
        "Free morning in {place}: wander the lanes, step into a craftsman's shop, taste green tea in "
        "a hundred-year-old house.\nLunch at the market, at the counter.",
        "In the afternoon your guide meets you at the hotel to visit a garden and a temple few "
        "travellers know, away from the crowds, with time to sit and look.",
        "At the end of the day, a walk along the river to the lantern district, where neighbourhood "
        "restaurants serve simple, seasonal food.",
        "Your travel designer's tip: keep some cash on you, many small shops do not take cards yet, "
        "and book a table for dinner.",
    ],
    "en_more": [
        "To discover in {place}: neighbourhood shrines, often tucked between two houses, where people "
        "stop to greet the local deities on their way to work. Their vermilion gates, stone lanterns and "
        "votive plaques tell the story of each street.",
        "The covered markets open early: morning fish, seasonal vegetables, pickles of every colour and "
        "small rice cakes. Stallholders gladly offer a taste; a smile and a thank-you are enough, "
        "tipping is not customary in Japan.",
        "For the evening your travel designer has booked a table in a house known for its seasonal "
        "cooking. The menu follows the day's market; mention allergies in advance and the restaurant "
        "will take them into account.\nThe walk back to the hotel takes about fifteen minutes.",
        "If the weather allows, climb to the viewpoint late in the afternoon: the view over the roofs "
        "and hills at sunset is worth it. Wear good shoes, the path is steep in places, and bring a "
        "warm layer, the wind rises quickly.",
        "A little history: {place} grew around its temples and markets, on a road of pilgrims and "
        "traders. The merchants' wooden houses, with their lattice fronts and street-side shops, have "
        "come through the centuries; several are open to visitors and tell of daily life long ago, "
        "from the workshop to the inner garden.",
        "Local crafts are best discovered in the workshops: lacquer, ceramics, paper, weaving. "
        "Craftspeople gladly welcome visitors, explain their work and sometimes offer a short "
        "lesson. Pieces bought there can be shipped home; ask for a detailed receipt for customs.",
        "Practical notes: convenience-store cash machines take foreign cards at any hour; public "
        "transport stops around midnight; museums often close on Mondays. Your guide will give you a "
        "map of the area with the addresses of this book.",
        "The day's table: at lunch, a bowl of noodles in a six-seat stall, or a bento box bought at "
        "the station and eaten on a park bench. In the evening the local izakaya serve skewers, "
        "tempura and grilled vegetables, to share with friends or family.",
        "With children: almost every park has a playground, public toilets are clean and free, and "
        "stations have rooms for little ones. Museums often offer booklets in English; ask at the "
        "front desk.",
        "The day's pace leaves free time, on purpose. A bench under the maples, tea in a wooden house, "
        "a stationery shop: these are often the moments when one really meets a place. Your guide "
        "knows the good addresses, just ask.",
    ],
}


def generate_photo(width: int = 4000, height: int = 3000, seed: int = 0, quality: int = 90) -> bytes:
    """A JPEG of the size of a phone or camera original: gradients plus sensor-like noise."""
    gradient = Image.linear_gradient("L")
    red = gradient.rotate((seed * 47) % 360, fillcolor=(seed * 37) % 256).resize((width, height))
    green = gradient.transpose(Image.Transpose.ROTATE_90).resize((width, height))
    blue = Image.radial_gradient("L").resize((width, height))
    base = Image.merge("RGB", [red, green, blue])
    noise = Image.effect_noise((width, height), 40 + seed % 20).convert("RGB")
    out = io.BytesIO()
    Image.blend(base, noise, 0.22).save(out, "JPEG", quality=quality)
    return out.getvalue()


def _stops(n_days: int) -> list[tuple[int, tuple]]:
    """(first day index, place) for a route over ``n_days`` days, ending back in Tokyo."""
    nights = n_days - 1
    legs = min(len(PLACES), max(1, nights // 2))
    per_leg = [nights // legs + (1 if i < nights % legs else 0) for i in range(legs)]
    out, day = [], 0
    for i in range(legs):
        out.append((day, PLACES[i], per_leg[i]))
        day += per_leg[i]
    return out


def sample_trip(
    n_days: int = 16, lang: str = "fr", photo_refs: list[str] | None = None, *, rich: bool = False
) -> Trip:
    """A trip of ``n_days`` days (n_days - 1 nights) in Japan; ``photo_refs[i]`` is day i's photo.

    ``rich`` days carry twice the text and two more activities: about three pages each, so
    that 16 of them make the benchmark's 50-page book.
    """
    stops = _stops(n_days)
    days: list[Day] = []
    fr = lang == "fr"
    for i in range(n_days):
        first_day, place, nights = max((s for s in stops if s[0] <= i), key=lambda s: s[0])
        name, lat, lon, stay, address, phone = place
        arriving = i == first_day
        items: list[Item] = []
        if arriving and i > 0:
            previous = max((s for s in stops if s[0] < first_day), key=lambda s: s[0])[1][0]
            items.append(Item(
                ItemKind.TRANSFER, f"{'Train' if fr else 'Train'} {previous} – {name}", name,
                start_time=time(9, 12), duration_minutes=95 + 10 * (i % 4), supplier="JR",
                description="Places réservées en voiture verte." if fr else "Seats booked in the Green Car.",
            ))
        if arriving:
            items.append(Item(
                ItemKind.STAY, stay, name, nights=nights, supplier="JTB", address=address, phone=phone,
                description="Chambre double, petit-déjeuner inclus." if fr else "Double room, breakfast included.",
            ))
        items.append(Item(
            ItemKind.ACTIVITY, ("Visite guidée des jardins" if fr else "Guided garden walk") + f" ({name})", name,
            start_time=time(14), end_time=time(17), duration_minutes=180, supplier="Kyo Guides",
            description=("Avec Mme Sato, guide francophone." if fr else "With Ms Sato, English-speaking guide."),
        ))
        if i % 2 == 0 or rich:
            items.append(Item(
                ItemKind.ACTIVITY, "Cérémonie du thé" if fr else "Tea ceremony", name,
                start_time=time(10, 30), end_time=time(11, 45), duration_minutes=75, supplier="Camellia",
                description=PARAGRAPHS[f"{lang}_more"][5].format(place=name) if rich else "",
                photo=photo_refs[(i + 2) % len(photo_refs)] if rich and photo_refs else None,
            ))
        if rich:
            items.append(Item(
                ItemKind.ACTIVITY, ("Atelier de cuisine" if fr else "Cooking class") + f" ({name})", name,
                start_time=time(8, 30), end_time=time(10), duration_minutes=90, supplier="Kitchen Kyo",
                description=PARAGRAPHS[f"{lang}_more"][1].format(place=name),
                photo=photo_refs[(i + 1) % len(photo_refs)] if photo_refs else None,
            ))
            items.append(Item(
                ItemKind.ACTIVITY, ("Promenade du soir" if fr else "Evening walk") + f" ({name})", name,
                start_time=time(18), end_time=time(19), duration_minutes=60, supplier="Kyo Guides",
                description=PARAGRAPHS[f"{lang}_more"][3].format(place=name),
            ))
        items.append(Item(ItemKind.MEAL, "Dîner kaiseki" if fr else "Kaiseki dinner", name,
                          start_time=time(19, 30), to_complete=(i % 5 == 0)))
        items.sort(key=lambda item: item.start_time or time(0))
        title = (f"{name} : jardins et ruelles, étape {i + 1}" if fr else f"{name}: gardens and lanes, day {i + 1}")
        days.append(Day(
            date=START + timedelta(days=i),
            title=title,
            base_place=name,
            text="\n\n".join(
                p.format(place=name) for p in PARAGRAPHS[lang] + (PARAGRAPHS[f"{lang}_more"] if rich else [])
            ),
            items=items,
            photo=photo_refs[i % len(photo_refs)] if photo_refs else None,
        ))
    route = [RouteStop(place[0], nights, place[1], place[2]) for _, place, nights in stops]
    route.append(RouteStop(PLACES[0][0], 0, PLACES[0][1], PLACES[0][2]))  # back to the airport
    return Trip(
        title="Japon, jardins et saveurs" if fr else "Japan, gardens and flavours",
        country="JP", lang=lang, start=START, end=START + timedelta(days=n_days - 1),
        adults=2, children=1, child_ages=[9], currency="EUR", client_name="Famille Martin",
        route=route, days=days,
        practical_info=(
            "Passeport valide pendant toute la durée du séjour ; pas de visa pour un séjour touristique de moins de 90 jours.\n\n"
            "Le Japan Rail Pass est remis à l'arrivée, au comptoir JR de l'aéroport de Narita."
            if fr else
            "Passport valid for the whole stay; no visa for a tourist stay under 90 days.\n\n"
            "The Japan Rail Pass is handed over on arrival, at the JR desk of Narita airport."
        ),
        contacts=[
            Contact("Yuki Sato", "guide francophone" if fr else "guide", "+81 90 1234 5678", "yuki@example.jp"),
            Contact("JTB Tokyo", "agence locale, 24 h/24" if fr else "local agency, 24/7", "+81 3 5555 0000",
                    address="Shinagawa, Tokyo"),
        ],
        traveller_names=["Claire Martin", "Paul Martin", "Léa Martin"],
    )


def sample_branding() -> Branding:
    return Branding(
        agency_name="Voyages Azur",
        primary_color="#1f4e5f",
        accent_color="#b8763a",
        heading_font="Lora",
        body_font="Source Sans 3",
        phone="+33 4 91 00 00 00",
        email="contact@voyages-azur.example",
        website="voyages-azur.example",
        address="12 quai du Port, 13002 Marseille",
        emergency_phone="+33 6 00 00 00 00",
        legal=LegalMentions(
            trade_name="Voyages Azur SAS",
            address="12 quai du Port, 13002 Marseille",
            atout_france_registration="IM013100042",
            financial_guarantee="APST, 15 avenue Carnot, 75017 Paris",
            liability_insurer="Hiscox, 19 rue Louis le Grand, 75002 Paris",
            other="SAS au capital de 50 000 € · RCS Marseille 123 456 789",
        ),
    )


def sample_quote() -> QuoteSummary:
    return QuoteSummary(
        lines=(
            QuoteLine("Hébergements, 15 nuits", Decimal("4210.455"), "2 adultes, 1 enfant"),
            QuoteLine("Guides et visites", Decimal("1380.00")),
            QuoteLine("Trains et transferts", Decimal("912.335")),
        ),
        total=Decimal("6502.79"),
        currency="EUR",
        reference="DEV-2027-0042",
        deposit=Decimal("1950.837"),
        balance_due=START - timedelta(days=30),
        included=("Hébergements avec petit-déjeuner", "Japan Rail Pass 14 jours"),
        excluded=("Vols internationaux", "Repas non mentionnés"),
        note="Régime particulier de TVA sur la marge des agences de voyages.",
    )


def sample_documents() -> list[DocumentEntry]:
    return [
        DocumentEntry("Bons d'échange des hébergements", "voucher", "JTB-88213"),
        DocumentEntry("Japan Rail Pass (bons d'échange)", "ticket", "JRP-5521"),
        DocumentEntry("Attestation d'assurance assistance rapatriement", "insurance", "MUT-2027-77"),
        DocumentEntry("Passeports valides", "identity", provided_by_agency=False),
    ]
