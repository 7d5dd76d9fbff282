using Hub.Consent.Identifiers;

namespace Hub.Events;

/// <summary>One event for partner agencies; consumers use it to drop a delivery they already handled.</summary>
public readonly record struct EventId : IOpaqueId<EventId>
{
    private EventId(string value) => Value = value;

    static string IOpaqueId<EventId>.Prefix => "ev";

    public string Value { get; }

    static EventId IOpaqueId<EventId>.FromValidated(string value) => new(value);

    public override string ToString() => Value;
}
