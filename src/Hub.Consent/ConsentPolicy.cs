namespace Hub.Consent;

/// <summary>The configurable numbers behind C2 and C6.</summary>
public sealed record ConsentPolicy
{
    public static ConsentPolicy Default { get; } = new();

    /// <summary>C2: <c>expires_at</c> may lie at most this many calendar years after <c>valid_from</c> (that instant itself is allowed).</summary>
    public int MaxPeriodYears
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The period must be at least a year.");
    } = 3;

    /// <summary>C6: younger than this at <c>valid_from</c>, only a legal guardian can consent.</summary>
    public int AgeOfMajority
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The age of majority must be positive.");
    } = 18;

    /// <summary>
    /// The zone whose calendar birthdays are counted in: a person's 18th birthday begins at local
    /// midnight, not UTC midnight (Asia/Tokyo for a Japanese deployment). UTC by default, which in
    /// zones ahead of UTC errs on the side of asking for a guardian.
    /// </summary>
    public TimeZoneInfo BirthdayTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>C6: whether someone born on <paramref name="birthDate"/> is under <see cref="AgeOfMajority"/> at <paramref name="at"/>, counted in <see cref="BirthdayTimeZone"/>.</summary>
    public bool IsMinorAt(DateOnly birthDate, DateTimeOffset at) =>
        Age.InYears(birthDate, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, BirthdayTimeZone).DateTime)) < AgeOfMajority;
}
