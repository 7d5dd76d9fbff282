using Hub.Consent.Identifiers;

namespace Hub.Audit;

/// <summary>
/// Who acted, as an audit record names them: an agency, or the person themselves on their own page
/// (P3). Both are opaque ids with distinct prefixes, so the stored value says which it is.
/// </summary>
internal readonly record struct Actor
{
    private Actor(string value) => Value = value;

    public string Value { get; }

    public static Actor Agency(AgencyId agency) => new(agency.Value);

    public static Actor Person(PersonId person) => new(person.Value);

    public static implicit operator Actor(AgencyId agency) => Agency(agency);

    /// <summary>Whether a stored accessor value names the person rather than an agency.</summary>
    public static bool IsPersonValue(string value) => OpaqueId.TryParse<PersonId>(value, out _);

    public override string ToString() => Value;
}
