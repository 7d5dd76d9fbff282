using Hub.Consent.Identifiers;

namespace Hub.Meetings;

/// <summary>One joint case meeting about a person.</summary>
public readonly record struct MeetingId : IOpaqueId<MeetingId>
{
    private MeetingId(string value) => Value = value;

    static string IOpaqueId<MeetingId>.Prefix => "mt";

    public string Value { get; }

    static MeetingId IOpaqueId<MeetingId>.FromValidated(string value) => new(value);

    public override string ToString() => Value;
}
