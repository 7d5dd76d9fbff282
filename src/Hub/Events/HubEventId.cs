using Hub.Consent.Identifiers;

namespace Hub.Events;

/// <summary>One event for partner agencies; consumers use it to drop a delivery they already handled.</summary>
public readonly record struct HubEventId : IOpaqueId<HubEventId>
{
    private HubEventId(string value) => Value = value;

    static string IOpaqueId<HubEventId>.Prefix => "ev";

    public string Value { get; }

    static HubEventId IOpaqueId<HubEventId>.FromValidated(string value) => new(value);

    public override string ToString() => Value;
}
