using Hub.Consent;

namespace Hub.Consents;

/// <summary>The <c>Hub:Consent</c> configuration section: the numbers behind C2 and C6 for this deployment.</summary>
internal sealed class ConsentOptions
{
    public const string Section = "Hub:Consent";

    /// <summary>C2: how many years a consent may run at most.</summary>
    public int MaxPeriodYears { get; set; } = ConsentPolicy.Default.MaxPeriodYears;

    /// <summary>C6: below this age only a legal guardian can consent.</summary>
    public int AgeOfMajority { get; set; } = ConsentPolicy.Default.AgeOfMajority;

    /// <summary>An IANA or Windows zone id whose calendar counts birthdays, e.g. Asia/Tokyo; UTC by default.</summary>
    public string BirthdayTimeZone { get; set; } = "UTC";

    /// <summary>A4: how long a receipt key signs before the next takes over; every one stays published.</summary>
    public int ReceiptKeyLifetimeDays { get; set; } = 5 * 365;

    public ConsentPolicy ToPolicy() => new()
    {
        MaxPeriodYears = MaxPeriodYears,
        AgeOfMajority = AgeOfMajority,
        BirthdayTimeZone = TimeZoneInfo.FindSystemTimeZoneById(BirthdayTimeZone),
    };
}
