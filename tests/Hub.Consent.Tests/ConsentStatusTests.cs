namespace Hub.Consent.Tests;

public class ConsentStatusTests
{
    private static readonly ConsentRecord Consent = Sample.Record(Sample.Grant);

    [Fact]
    public void Valid_from_is_inclusive()
    {
        Assert.Equal(ConsentStatus.Pending, Consent.StatusAt(Sample.Start.AddTicks(-1)));
        Assert.Equal(ConsentStatus.Active, Consent.StatusAt(Sample.Start));
    }

    [Fact]
    public void Expires_at_is_exclusive()
    {
        Assert.Equal(ConsentStatus.Active, Consent.StatusAt(Sample.End.AddTicks(-1)));
        Assert.Equal(ConsentStatus.Expired, Consent.StatusAt(Sample.End));
    }

    [Fact]
    public void Instants_compare_in_utc_whatever_their_offset()
    {
        var tokyo = TimeSpan.FromHours(9);

        Assert.Equal(ConsentStatus.Pending, Consent.StatusAt(new DateTimeOffset(2025, 4, 1, 8, 59, 59, tokyo)));
        Assert.Equal(ConsentStatus.Active, Consent.StatusAt(new DateTimeOffset(2025, 4, 1, 9, 0, 0, tokyo)));
    }

    [Fact]
    public void A_revoked_consent_is_revoked_at_every_instant_even_before_its_revocation_was_stamped()
    {
        var revoked = Consent with { RevokedAt = Sample.Start.AddMonths(6) };

        Assert.Equal(ConsentStatus.Revoked, revoked.StatusAt(Sample.Start.AddMonths(1)));
        Assert.Equal(ConsentStatus.Revoked, revoked.StatusAt(Sample.End.AddYears(1)));
        Assert.Equal(ConsentStatus.Revoked, revoked.StatusAt(Sample.Start.AddYears(-1)));
    }

    [Fact]
    public void A_consent_without_an_expiry_is_never_active()
    {
        var unbounded = Sample.Record(Sample.Grant with { ExpiresAt = null });

        Assert.Equal(ConsentStatus.Expired, unbounded.StatusAt(Sample.Start));
        Assert.Equal(ConsentStatus.Expired, unbounded.StatusAt(DateTimeOffset.MinValue));
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_never_active()
    {
        var inverted = Sample.Record(Sample.Grant with { ValidFrom = Sample.End, ExpiresAt = Sample.Start });

        Assert.Equal(ConsentStatus.Expired, inverted.StatusAt(Sample.Start.AddMonths(6)));
        Assert.Equal(ConsentStatus.Pending, inverted.StatusAt(Sample.Start.AddTicks(-1)));
    }
}
