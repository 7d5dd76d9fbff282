namespace Hub.Consent.Identifiers;

/// <summary>A person the hub knows about.</summary>
public readonly record struct PersonId : IOpaqueId<PersonId>
{
    private PersonId(string value) => Value = value;

    static string IOpaqueId<PersonId>.Prefix => "p";

    public string Value { get; }

    static PersonId IOpaqueId<PersonId>.FromValidated(string value) => new(value);

    public override string ToString() => Value;
}
