namespace Hub.PersonPage;

/// <summary>The person's page (P1): <c>Hub:PersonPage</c> in configuration.</summary>
internal sealed class PersonPageOptions
{
    public const string Section = "Hub:PersonPage";

    /// <summary>A session unused this long is over; the person signs in again with a new code.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Sign-in attempts one network address may make per <see cref="SignInWindow"/>, right or wrong:
    /// beside each code's own limit of wrong tries, this stops one address from trying many codes.
    /// </summary>
    public int SignInAttemptsPerAddress { get; set; } = 20;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Access records on one page of the access log.</summary>
    public int AccessLogPageSize { get; set; } = 50;
}
