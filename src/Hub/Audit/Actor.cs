using Hub.Consent.Identifiers;

namespace Hub.Audit;

/// <summary>
/// Who acted, as an audit record names them: an agency, or the person themselves on their own page
/// (P3). Both are opaque ids with distinct prefixes, so the stored value says which it is.
/// </summary>
internal readonly record struct Actor
{
    private Actor(string value, bool isPerson) => (Value, IsPerson) = (value, isPerson);

    /// <summary>The id as stored: the agency's, or the person's.</summary>
    public string Value { get; }

    public bool IsPerson { get; }

    /// <summary>The agency's id, or empty when the person acted — as the wire's agency fields carry it.</summary>
    public string AgencyIdOrEmpty => IsPerson ? string.Empty : Value;

    public static Actor Agency(AgencyId agency) => new(agency.Value, isPerson: false);

    public static Actor Person(PersonId person) => new(person.Value, isPerson: true);

    /// <summary>An accessor value read back from the audit trail.</summary>
    public static Actor FromStored(string value) => new(value, OpaqueId.TryParse<PersonId>(value, out _));

    public static implicit operator Actor(AgencyId agency) => Agency(agency);
}
