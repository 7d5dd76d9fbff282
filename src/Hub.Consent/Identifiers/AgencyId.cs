namespace Hub.Consent.Identifiers;

/// <summary>A partner agency.</summary>
public readonly record struct AgencyId : IOpaqueId<AgencyId>
{
    private AgencyId(string value) => Value = value;

    static string IOpaqueId<AgencyId>.Prefix => "ag";

    public string Value { get; }

    static AgencyId IOpaqueId<AgencyId>.FromValidated(string value) => new(value);

    public override string ToString() => Value;
}
