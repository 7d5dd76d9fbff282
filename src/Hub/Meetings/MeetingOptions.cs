namespace Hub.Meetings;

/// <summary>The <c>Hub:Meetings</c> configuration section.</summary>
internal sealed class MeetingOptions
{
    public const string Section = "Hub:Meetings";

    /// <summary>The IANA zone of a meeting that names none (M1).</summary>
    public string DefaultTimeZone { get; set; } = "Asia/Tokyo";
}
