namespace Hub.Cases;

/// <summary>The <c>Hub:BreakGlass</c> configuration section: how often one agency may break the glass for one person (C8).</summary>
internal sealed class BreakGlassOptions
{
    public const string Section = "Hub:BreakGlass";

    /// <summary>Break-glass reads an agency may make of one person within <see cref="Window"/>.</summary>
    public int MaxReads { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
}
