namespace Hub.Meetings;

/// <summary>The <c>Hub:Meetings</c> configuration section.</summary>
internal sealed class MeetingOptions
{
    public const string Section = "Hub:Meetings";

    /// <summary>The IANA zone of a meeting that names none (M1).</summary>
    public string DefaultTimeZone { get; set; } = "Asia/Tokyo";

    /// <summary>
    /// How many meetings of ListMeetings pages a node keeps to answer again while they stand (about
    /// 2.5 KB of memory each, the message and its bytes: 10,000 is some 25 MB); 0 reads every page afresh.
    /// </summary>
    public int ListCacheMeetings { get; set; } = 10_000;
}
