namespace Hub.Meetings;

/// <summary>The <c>Hub:Meetings</c> configuration section.</summary>
internal sealed class MeetingOptions
{
    public const string Section = "Hub:Meetings";

    /// <summary>The IANA zone of a meeting that names none (M1).</summary>
    public string DefaultTimeZone { get; set; } = "Asia/Tokyo";

    /// <summary>
    /// How many meetings of ListMeetings pages a node keeps to answer again while they stand (about
    /// 1 KB of memory each); 0 reads every page afresh.
    /// </summary>
    public int ListCacheMeetings { get; set; } = 20_000;
}
