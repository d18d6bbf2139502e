/// The context keywords that make a nearby value personal data, as a set of flags.
///
/// Some values only mean something next to a label: nine bare digits are an SSN after "SSN:",
/// a BSN after "BSN", and nothing at all in a log line. A keyword counts when it ends at most
/// `PIIContext.window` bytes before the value starts, and stands as a word (no ASCII letter
/// right before or after it). Keywords are matched ASCII case-insensitively on normalised text,
/// so "FÜHRERSCHEIN" and "Führerschein" both read as "fuhrerschein".
struct PIIContext: OptionSet, Sendable, Hashable {
    let rawValue: UInt16

    /// Passport number.
    static let passport = PIIContext(rawValue: 1 << 0)
    /// Driver's licence number.
    static let driversLicense = PIIContext(rawValue: 1 << 1)
    /// Date of birth.
    static let dateOfBirth = PIIContext(rawValue: 1 << 2)
    /// US social security number.
    static let ssn = PIIContext(rawValue: 1 << 3)
    /// Dutch BSN.
    static let bsn = PIIContext(rawValue: 1 << 4)
    /// Brazilian CPF.
    static let cpf = PIIContext(rawValue: 1 << 5)
    /// Indian Aadhaar.
    static let aadhaar = PIIContext(rawValue: 1 << 6)
    /// UK National Insurance number.
    static let nino = PIIContext(rawValue: 1 << 7)
    /// Telephone number.
    static let phone = PIIContext(rawValue: 1 << 8)
    /// French NIR (social security number).
    static let nir = PIIContext(rawValue: 1 << 9)

    /// How far (in bytes) before a value its keyword may end.
    static let window = 40

    /// Every keyword and what it announces (EN, ES, FR, DE at least; written with their
    /// accents, normalisation folds them).
    static let keywords: [(String, PIIContext)] = [
        // Passport
        ("passport", .passport), ("pasaporte", .passport), ("passeport", .passport), ("reisepass", .passport),
        ("passaporto", .passport), ("reisepassnummer", .passport),
        // Driver's licence
        ("driver's license", .driversLicense), ("drivers license", .driversLicense), ("driver license", .driversLicense),
        ("driver's licence", .driversLicense), ("drivers licence", .driversLicense), ("driving licence", .driversLicense),
        ("driving license", .driversLicense), ("dl", .driversLicense), ("licencia de conducir", .driversLicense),
        ("permiso de conducir", .driversLicense), ("carnet de conducir", .driversLicense),
        ("permis de conduire", .driversLicense), ("führerschein", .driversLicense), ("fuehrerschein", .driversLicense),
        ("führerscheinnummer", .driversLicense),
        // Date of birth
        ("date of birth", .dateOfBirth), ("dob", .dateOfBirth), ("d.o.b", .dateOfBirth), ("born", .dateOfBirth),
        ("birthday", .dateOfBirth), ("birth date", .dateOfBirth), ("birthdate", .dateOfBirth),
        ("fecha de nacimiento", .dateOfBirth), ("nacido el", .dateOfBirth), ("nacida el", .dateOfBirth),
        ("né le", .dateOfBirth), ("née le", .dateOfBirth), ("date de naissance", .dateOfBirth),
        ("geboren am", .dateOfBirth), ("geburtsdatum", .dateOfBirth), ("geb.", .dateOfBirth),
        // National ids
        ("ssn", .ssn), ("social security", .ssn),
        ("bsn", .bsn), ("burgerservicenummer", .bsn), ("sofinummer", .bsn),
        ("cpf", .cpf),
        ("aadhaar", .aadhaar), ("aadhar", .aadhaar), ("uidai", .aadhaar),
        ("national insurance", .nino), ("nino", .nino), ("ni number", .nino),
        ("nir", .nir), ("sécurité sociale", .nir), ("numéro de sécu", .nir),
        // Phone
        ("phone", .phone), ("telephone", .phone), ("tel", .phone), ("mobile", .phone), ("cell", .phone),
        ("call", .phone), ("fax", .phone), ("whatsapp", .phone), ("telefon", .phone), ("teléfono", .phone),
        ("téléphone", .phone), ("portable", .phone), ("handy", .phone), ("móvil", .phone), ("celular", .phone),
        ("phone number", .phone),
    ]
}
