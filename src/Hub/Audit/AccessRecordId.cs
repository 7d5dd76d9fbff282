using Hub.Consent.Identifiers;

namespace Hub.Audit;

/// <summary>One record of the audit trail, as partners and the person see it.</summary>
public readonly record struct AccessRecordId : IOpaqueId<AccessRecordId>
{
    private AccessRecordId(string value) => Value = value;

    static string IOpaqueId<AccessRecordId>.Prefix => "ar";

    public string Value { get; }

    static AccessRecordId IOpaqueId<AccessRecordId>.FromValidated(string value) => new(value);

    public override string ToString() => Value;
}
