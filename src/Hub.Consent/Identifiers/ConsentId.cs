namespace Hub.Consent.Identifiers;

/// <summary>One recorded consent.</summary>
public readonly record struct ConsentId : IOpaqueId<ConsentId>
{
    private ConsentId(string value) => Value = value;

    static string IOpaqueId<ConsentId>.Prefix => "cn";

    public string Value { get; }

    static ConsentId IOpaqueId<ConsentId>.FromValidated(string value) => new(value);

    public override string ToString() => Value;
}
