"""Format-valid fake identifiers and credentials for the detection corpus.

Every value is drawn from a `random.Random` passed in, so a fixed seed gives the same values.
Checksums are computed, not copied: Luhn for payment cards, mod-97 for IBANs, Verhoeff for
Aadhaar, the DNI letter, the CPF check digits, the BSN eleven-test, the French NIR key, the
Italian codice fiscale check letter and GitHub's CRC32 token checksum. Nothing here is a real
credential or a real person's number; the shapes are what detectors look for.
"""
import base64
import json
import string
import zlib

UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
DIGITS = string.digits
ALNUM = DIGITS + UPPER + LOWER
BASE62 = DIGITS + UPPER + LOWER  # GitHub's checksum alphabet: 0-9A-Za-z
B32 = UPPER + "234567"
B64 = UPPER + LOWER + DIGITS + "+/"
B64URL = UPPER + LOWER + DIGITS + "-_"
HEX = "0123456789abcdef"


def rand(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


# ---------------------------------------------------------------- checksums

def luhn_check_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearranged)
    return "%02d" % (98 - int(num) % 97)


def iban_valid(iban: str) -> bool:
    s = iban.replace(" ", "")
    num = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(num) % 97 == 1


_VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
       [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
       [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
       [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
       [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
       [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
_VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_check_digit(partial: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(partial)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def verhoeff_valid(number: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(number)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def cpf_digits(nine: str) -> str:
    d = [int(c) for c in nine]
    r1 = sum(d[i] * (10 - i) for i in range(9)) * 10 % 11 % 10
    d.append(r1)
    r2 = sum(d[i] * (11 - i) for i in range(10)) * 10 % 11 % 10
    return "%d%d" % (r1, r2)


def bsn_valid(n: str) -> bool:
    if len(n) != 9 or not n.isdigit():
        return False
    s = sum(int(n[i]) * (9 - i) for i in range(8)) - int(n[8])
    return s % 11 == 0


def nir_key(thirteen: str) -> str:
    return "%02d" % (97 - int(thirteen) % 97)


_CF_ODD = {}
for _ch, _v in zip(DIGITS, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]):
    _CF_ODD[_ch] = _v
for _ch, _v in zip(UPPER, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]):
    _CF_ODD[_ch] = _v


def codice_fiscale_check(fifteen: str) -> str:
    total = 0
    for i, ch in enumerate(fifteen):
        if i % 2 == 0:  # 1st, 3rd, ... (odd positions counting from 1)
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else UPPER.index(ch)
    return UPPER[total % 26]


def base62(n: int, width: int = 6) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(width, "0")


def github_checksum(random30: str) -> str:
    return base62(zlib.crc32(random30.encode()) & 0xFFFFFFFF)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# ---------------------------------------------------------------- PII

FIRST = ["ana", "bruno", "chloe", "dmitri", "elena", "farid", "greta", "hiro", "ines", "jonas", "kavya", "luca",
         "maria", "nils", "olga", "pedro", "quinn", "rosa", "sven", "tomas", "uma", "viktor", "wen", "yara", "zoe"]
LAST = ["alvarez", "becker", "chen", "dubois", "eriksen", "fischer", "garcia", "haddad", "ivanova", "jensen",
        "kim", "lopez", "moreau", "nakamura", "okafor", "petrov", "rossi", "santos", "tanaka", "weber"]
MAIL_DOMAINS = ["gmail.com", "outlook.com", "proton.me", "yahoo.co.uk", "web.de", "orange.fr", "libero.it",
                "northwind-traders.com", "acme-logistics.io", "fabrikam.org", "contoso.net", "uni-hamburg.de",
                "mail.ru", "naver.com", "qq.com", "icloud.com"]


def email(rng):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    local = rng.choice([f + "." + l, f + l, f[0] + l, f + "_" + l + str(rng.randint(1, 99)), l + "." + f,
                        f + "+" + rng.choice(["news", "work", "git"])])
    return local + "@" + rng.choice(MAIL_DOMAINS)


def phone(rng):
    style = rng.choice(["us1", "us2", "us3", "uk1", "uk2", "de1", "de2", "fr1", "fr2", "in1", "e164"])
    d = lambda n: rand(rng, DIGITS, n)
    area = str(rng.randint(2, 9)) + d(2)
    exch = str(rng.randint(2, 9)) + d(2)
    if style == "us1":
        return "(%s) %s-%s" % (area, exch, d(4))
    if style == "us2":
        return "%s-%s-%s" % (area, exch, d(4))
    if style == "us3":
        return "+1 %s %s %s" % (area, exch, d(4))
    if style == "uk1":
        return "+44 20 %s %s" % (str(rng.randint(3, 8)) + d(3), d(4))
    if style == "uk2":
        return "07%s %s" % (str(rng.randint(4, 9)) + d(2), d(6))
    if style == "de1":
        return "+49 %s %s" % (rng.choice(["30", "40", "89", "221", "69"]), str(rng.randint(2, 9)) + d(6))
    if style == "de2":
        return "0%s %s" % (rng.choice(["30", "40", "89", "221", "69"]), str(rng.randint(2, 9)) + d(6))
    if style == "fr1":
        return "+33 %d %s %s %s %s" % (rng.randint(1, 7), d(2), d(2), d(2), d(2))
    if style == "fr2":
        return "0%d %s %s %s %s" % (rng.randint(1, 7), d(2), d(2), d(2), d(2))
    if style == "in1":
        return "+91 %s %s" % (str(rng.randint(6, 9)) + d(4), d(5))
    country = rng.choice(["1", "44", "49", "33", "34", "39"])
    if country in ("33", "34"):  # nine national digits
        return "+%s%d%s" % (country, rng.randint(6, 7), d(8))
    return "+%s%s%s%s" % (country, area, exch, d(4))


def ssn(rng):
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    return "%03d-%02d-%04d" % (area, rng.randint(1, 99), rng.randint(1, 9999))


def card_digits(rng, brand=None):
    brand = brand or rng.choice(["visa", "mc", "amex", "discover"])
    if brand == "visa":
        body, n = "4" + rand(rng, DIGITS, 14), 16
    elif brand == "mc":
        body, n = str(rng.randint(51, 55)) + rand(rng, DIGITS, 13), 16
    elif brand == "amex":
        body, n = rng.choice(["34", "37"]) + rand(rng, DIGITS, 12), 15
    else:
        body, n = "6011" + rand(rng, DIGITS, 11), 16
    assert len(body) == n - 1
    return brand, body + luhn_check_digit(body)


def card(rng):
    brand, num = card_digits(rng)
    sep = rng.choice(["", " ", "-"])
    if brand == "amex":
        groups = [num[:4], num[4:10], num[10:]]
    else:
        groups = [num[i:i + 4] for i in range(0, 16, 4)]
    return sep.join(groups)


IBAN_SHAPES = {  # country: list of (alphabet, length) making the BBAN
    "DE": [(DIGITS, 18)],
    "GB": [(UPPER, 4), (DIGITS, 14)],
    "FR": [(DIGITS, 10), (UPPER + DIGITS, 11), (DIGITS, 2)],
    "ES": [(DIGITS, 20)],
    "NL": [(UPPER, 4), (DIGITS, 10)],
    "IT": [(UPPER, 1), (DIGITS, 10), (UPPER + DIGITS, 12)],
    "BE": [(DIGITS, 12)],
    "CH": [(DIGITS, 5), (UPPER + DIGITS, 12)],
}


def iban(rng, spaced=None):
    country = rng.choice(sorted(IBAN_SHAPES))
    bban = "".join(rand(rng, a, n) for a, n in IBAN_SHAPES[country])
    value = country + iban_check(country, bban) + bban
    assert iban_valid(value)
    if spaced is None:
        spaced = rng.random() < 0.5
    if spaced:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def ipv4(rng):
    while True:
        first = rng.randint(11, 223)
        if first not in (127, 169, 172, 192, 100):
            break
    return "%d.%d.%d.%d" % (first, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))


def ipv6(rng):
    groups = ["2a0%d" % rng.randint(0, 9)] + ["%x" % rng.randint(0, 0xFFFF) for _ in range(7)]
    if rng.random() < 0.4:
        return ":".join(groups[:3]) + "::" + ":".join(groups[6:])
    return ":".join(groups)


def ip_address(rng):
    return ipv6(rng) if rng.random() < 0.3 else ipv4(rng)


def aadhaar(rng):
    partial = str(rng.randint(2, 9)) + rand(rng, DIGITS, 10)
    n = partial + verhoeff_check_digit(partial)
    assert verhoeff_valid(n)
    return rng.choice([n[:4] + " " + n[4:8] + " " + n[8:], n])


def dni(rng):
    n = rng.randint(10_000_000, 99_999_999)
    return "%08d%s" % (n, DNI_LETTERS[n % 23])


def cpf(rng):
    nine = rand(rng, DIGITS, 9)
    while len(set(nine)) == 1:
        nine = rand(rng, DIGITS, 9)
    n = nine + cpf_digits(nine)
    return rng.choice(["%s.%s.%s-%s" % (n[:3], n[3:6], n[6:9], n[9:]), n])


def bsn(rng):
    while True:
        eight = str(rng.randint(1, 9)) + rand(rng, DIGITS, 7)
        s = sum(int(eight[i]) * (9 - i) for i in range(8)) % 11
        if s <= 9:
            n = eight + str(s)
            assert bsn_valid(n)
            return n


# ---------------------------------------------------------------- secrets

def aws_access_key_id(rng):
    return rng.choice(["AKIA", "AKIA", "AKIA", "ASIA"]) + rand(rng, B32, 16)


def aws_secret_access_key(rng):
    return rand(rng, UPPER + LOWER + DIGITS + "/+", 40)


def _github(rng, prefix):
    r = rand(rng, ALNUM, 30)
    return prefix + r + github_checksum(r)


def github_token(rng):
    return _github(rng, "ghp_")


def github_oauth_token(rng):
    return _github(rng, "gho_")


def github_app_token(rng):
    return _github(rng, rng.choice(["ghs_", "ghu_"]))


def github_fine_grained_token(rng):
    return "github_pat_" + rand(rng, ALNUM, 22) + "_" + rand(rng, ALNUM, 59)


def gitlab_token(rng):
    return "glpat-" + rand(rng, ALNUM + "_-", 20)


def slack_token(rng):
    return "%s-%s-%s-%s" % (rng.choice(["xoxb", "xoxp"]), rand(rng, DIGITS, 12), rand(rng, DIGITS, 13), rand(rng, ALNUM, 24))


def slack_webhook(rng):
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (rand(rng, UPPER + DIGITS, 8), rand(rng, UPPER + DIGITS, 10),
                                                            rand(rng, ALNUM, 24))


def stripe_secret_key(rng):
    return "sk_live_" + rand(rng, ALNUM, rng.choice([24, 34, 99]))


def stripe_restricted_key(rng):
    return "rk_live_" + rand(rng, ALNUM, rng.choice([24, 34, 99]))


def openai_api_key(rng):
    if rng.random() < 0.5:
        return "sk-" + rand(rng, ALNUM, 20) + "T3BlbkFJ" + rand(rng, ALNUM, 20)
    return "sk-proj-" + rand(rng, ALNUM + "_-", 74) + "T3BlbkFJ" + rand(rng, ALNUM + "_-", 74)


def anthropic_api_key(rng):
    return "sk-ant-api03-" + rand(rng, ALNUM + "_-", 93) + "AA"


def google_api_key(rng):
    return "AIza" + rand(rng, ALNUM + "_-", 35)


def twilio_api_key(rng):
    return "SK" + rand(rng, HEX, 32)


def sendgrid_api_key(rng):
    return "SG." + rand(rng, ALNUM + "_-", 22) + "." + rand(rng, ALNUM + "_-", 43)


def huggingface_token(rng):
    return "hf_" + rand(rng, UPPER + LOWER, 34)


def npm_token(rng):
    return "npm_" + rand(rng, ALNUM, 36)


def pypi_token(rng):
    return "pypi-AgEIcHlwaS5vcmc" + rand(rng, B64URL, 64)


def jwt(rng):
    header = {"alg": rng.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"}
    payload = {"sub": rand(rng, DIGITS, 8), "iat": rng.randint(1_600_000_000, 1_750_000_000),
               "scope": rng.choice(["read", "read write", "admin"])}
    sig = rand(rng, B64URL, 43 if header["alg"] == "HS256" else 86)
    return ".".join([b64url(json.dumps(header, separators=(",", ":")).encode()),
                     b64url(json.dumps(payload, separators=(",", ":")).encode()), sig])


def _pem(rng, label, body_bytes, body_prefix=b""):
    raw = body_prefix + bytes(rng.getrandbits(8) for _ in range(body_bytes))
    body = base64.b64encode(raw).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (label, "\n".join(lines), label)


def private_key(rng):
    label = rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"])
    return _pem(rng, label, rng.choice([120, 240, 600]))


def openssh_private_key(rng):
    return _pem(rng, "OPENSSH PRIVATE KEY", 200, b"openssh-key-v1\x00")


def pgp_private_key(rng):
    raw = bytes(rng.getrandbits(8) for _ in range(180))
    body = base64.b64encode(raw).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n%s\n=%s\n-----END PGP PRIVATE KEY BLOCK-----" % (
        "\n".join(lines), rand(rng, B64, 4))


def password(rng):
    words = ["Winter", "Falcon", "Copper", "Maple", "Orbit", "Tango", "Quartz", "Nimbus", "Saffron", "Vortex"]
    return rng.choice([
        rng.choice(words) + rand(rng, DIGITS, 4) + rng.choice("!#$%&*?"),
        rand(rng, ALNUM, rng.randint(14, 24)),
        rng.choice(words).lower() + "-" + rng.choice(words).lower() + "-" + rand(rng, DIGITS, 3),
        rand(rng, ALNUM + "!#%^*", 18),
    ])


def database_url(rng):
    scheme, port = rng.choice([("postgres", 5432), ("postgresql", 5432), ("mysql", 3306), ("mongodb", 27017),
                               ("redis", 6379), ("mongodb+srv", None), ("amqp", 5672)])
    user = rng.choice(["app", "admin", "svc_orders", "reporting", "root", "billing"])
    host = rng.choice(["db.internal", "prod-db-1.acme-logistics.io", "cluster0.ab12cd.mongodb.net",
                       "pg.fabrikam.org", "10-0-3-7.db.svc"])
    pw = rand(rng, ALNUM, rng.randint(12, 22))
    db = rng.choice(["orders", "app", "analytics", "0", "users"])
    hostport = host + (":%d" % port if port else "")
    return "%s://%s:%s@%s/%s" % (scheme, user, pw, hostport, db)


def azure_storage_key(rng):
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(64))).decode()


def azure_connection_string(rng):
    account = rng.choice(["acmeprodstore", "fabrikamlogs", "contosobackup"]) + rand(rng, DIGITS, 2)
    return "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net" % (
        account, azure_storage_key(rng))


def high_entropy_token(rng):
    return rand(rng, ALNUM, rng.choice([32, 40, 48]))
