"""Countries and capital cities: places whatever label the model gives them ("Kyiv" as a person)."""

COUNTRIES = """
Afghanistan;Albania;Algeria;Andorra;Angola;Argentina;Armenia;Australia;Austria;Azerbaijan;Bahamas;
Bahrain;Bangladesh;Barbados;Belarus;Belgium;Belize;Benin;Bhutan;Bolivia;Bosnia and Herzegovina;
Botswana;Brazil;Brunei;Bulgaria;Burkina Faso;Burundi;Cambodia;Cameroon;Canada;Cape Verde;Chad;Chile;
China;Colombia;Comoros;Congo;Costa Rica;Croatia;Cuba;Cyprus;Czech Republic;Czechia;Denmark;Djibouti;
Dominica;Dominican Republic;Ecuador;Egypt;El Salvador;Eritrea;Estonia;Eswatini;Ethiopia;Fiji;
Finland;France;Gabon;Gambia;Georgia;Germany;Ghana;Greece;Grenada;Guatemala;Guinea;Guyana;Haiti;
Honduras;Hungary;Iceland;India;Indonesia;Iran;Iraq;Ireland;Israel;Italy;Ivory Coast;Jamaica;Japan;
Jordan;Kazakhstan;Kenya;Kosovo;Kuwait;Kyrgyzstan;Laos;Latvia;Lebanon;Lesotho;Liberia;Libya;
Liechtenstein;Lithuania;Luxembourg;Madagascar;Malawi;Malaysia;Maldives;Mali;Malta;Mauritania;
Mauritius;Mexico;Moldova;Monaco;Mongolia;Montenegro;Morocco;Mozambique;Myanmar;Namibia;Nepal;
Netherlands;New Zealand;Nicaragua;Niger;Nigeria;North Korea;North Macedonia;Norway;Oman;Pakistan;
Palestine;Panama;Papua New Guinea;Paraguay;Peru;Philippines;Poland;Portugal;Qatar;Romania;Russia;
Rwanda;Saudi Arabia;Senegal;Serbia;Seychelles;Sierra Leone;Singapore;Slovakia;Slovenia;Somalia;
South Africa;South Korea;South Sudan;Spain;Sri Lanka;Sudan;Suriname;Sweden;Switzerland;Syria;
Taiwan;Tajikistan;Tanzania;Thailand;Togo;Tunisia;Turkey;Turkmenistan;Uganda;Ukraine;
United Arab Emirates;United Kingdom;United States;Uruguay;Uzbekistan;Venezuela;Vietnam;Yemen;
Zambia;Zimbabwe;England;Scotland;Wales;Northern Ireland;Greenland;Crimea;Gaza;West Bank
"""
CAPITALS = """
Kabul;Tirana;Algiers;Luanda;Buenos Aires;Yerevan;Canberra;Vienna;Baku;Manama;Dhaka;Minsk;Brussels;
Sarajevo;Brasilia;Sofia;Phnom Penh;Ottawa;Santiago;Beijing;Bogota;Havana;Nicosia;Prague;Copenhagen;
Cairo;Tallinn;Addis Ababa;Helsinki;Paris;Tbilisi;Berlin;Accra;Athens;Budapest;Reykjavik;New Delhi;
Jakarta;Tehran;Baghdad;Dublin;Jerusalem;Tel Aviv;Rome;Tokyo;Amman;Astana;Nairobi;Pristina;Riga;
Beirut;Tripoli;Vilnius;Kuala Lumpur;Mexico City;Chisinau;Ulaanbaatar;Podgorica;Rabat;Kathmandu;
Amsterdam;The Hague;Wellington;Abuja;Pyongyang;Skopje;Oslo;Muscat;Islamabad;Lima;Manila;Warsaw;
Lisbon;Doha;Bucharest;Moscow;Kigali;Riyadh;Dakar;Belgrade;Bratislava;Ljubljana;Mogadishu;Pretoria;
Seoul;Madrid;Colombo;Khartoum;Stockholm;Bern;Damascus;Taipei;Bangkok;Tunis;Ankara;Kampala;Kyiv;
Kiev;Abu Dhabi;London;Washington;Montevideo;Tashkent;Caracas;Hanoi;Sanaa;Lusaka;Harare;Edinburgh;
Cardiff;Belfast;Kinshasa;Dodoma;Maputo;Windhoek;Gaborone;Tegucigalpa;Managua;Quito;La Paz;Asuncion
"""
PLACES = frozenset(name.strip() for block in (COUNTRIES, CAPITALS) for name in block.split(";") if name.strip())
