namespace Hub.Auth;

/// <summary>The OAuth scopes the hub issues and checks.</summary>
internal static class Scopes
{
    public const string Admin = "hub.admin";
    public const string Consent = "hub.consent";
    public const string Cases = "hub.cases";
    public const string Meetings = "hub.meetings";
    public const string Audit = "hub.audit";
    public const string Events = "hub.events";

    /// <summary>What every agency's client may ask for.</summary>
    public static readonly IReadOnlyList<string> Agency = [Consent, Cases, Meetings, Audit, Events];

    public static readonly IReadOnlyList<string> All = [.. Agency, Admin];
}
