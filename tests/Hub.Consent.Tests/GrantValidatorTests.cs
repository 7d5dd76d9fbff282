using Hub.Consent.Identifiers;

namespace Hub.Consent.Tests;

public class GrantValidatorTests
{
    private static IReadOnlyList<GrantViolation> Validate(ConsentGrant grant, DateOnly? birthDate = null, ConsentPolicy? policy = null) =>
        GrantValidator.Validate(grant, birthDate ?? Sample.AdultBirthDate, policy ?? ConsentPolicy.Default);

    private static GrantViolation Single(ConsentGrant grant, DateOnly? birthDate = null, ConsentPolicy? policy = null) =>
        Assert.Single(Validate(grant, birthDate, policy));

    [Fact]
    public void A_complete_grant_is_valid() => Assert.Empty(Validate(Sample.Grant));

    [Theory]
    [InlineData(Purpose.Unspecified)]
    [InlineData((Purpose)42)]
    public void C1_needs_one_defined_purpose(Purpose purpose)
    {
        var violation = Single(Sample.Grant with { Purpose = purpose });

        Assert.Equal((GrantViolationReason.InvalidField, GrantField.Purpose), (violation.Reason, violation.Field));
    }

    [Fact]
    public void C1_a_consent_for_emergency_purposes_can_be_given_in_advance() =>
        Assert.Empty(Validate(Sample.Grant with { Purpose = Purpose.Emergency }));

    [Fact]
    public void C1_needs_at_least_one_category()
    {
        var violation = Single(Sample.Grant with { Categories = [] });

        Assert.Equal((GrantViolationReason.InvalidField, GrantField.Categories), (violation.Reason, violation.Field));
    }

    [Theory]
    [InlineData(DataCategory.Unspecified)]
    [InlineData((DataCategory)99)]
    public void C1_categories_must_be_defined(DataCategory category)
    {
        var violation = Single(Sample.Grant with { Categories = [DataCategory.SupportPlan, category] });

        Assert.Equal((GrantViolationReason.InvalidField, GrantField.Categories), (violation.Reason, violation.Field));
    }

    [Fact]
    public void C2_expiry_is_required()
    {
        var violation = Single(Sample.Grant with { ExpiresAt = null });

        Assert.Equal((GrantViolationReason.ExpiryRequired, GrantField.ExpiresAt), (violation.Reason, violation.Field));
        Assert.Equal(GrantFault.NoExpiry, violation.Fault);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void C2_expiry_must_lie_after_valid_from(long ticksAfterStart)
    {
        var violation = Single(Sample.Grant with { ExpiresAt = Sample.Start.AddTicks(ticksAfterStart) });

        Assert.Equal((GrantViolationReason.InvalidField, GrantField.ExpiresAt), (violation.Reason, violation.Field));
    }

    [Fact]
    public void C2_one_tick_after_valid_from_is_a_valid_expiry() =>
        Assert.Empty(Validate(Sample.Grant with { ExpiresAt = Sample.Start.AddTicks(1) }));

    [Fact]
    public void C2_exactly_three_years_is_allowed_and_one_tick_more_is_too_far()
    {
        Assert.Empty(Validate(Sample.Grant with { ExpiresAt = Sample.Start.AddYears(3) }));

        var violation = Single(Sample.Grant with { ExpiresAt = Sample.Start.AddYears(3).AddTicks(1) });

        Assert.Equal((GrantViolationReason.ExpiryTooFar, GrantField.ExpiresAt), (violation.Reason, violation.Field));
    }

    [Fact]
    public void C2_the_period_is_counted_in_calendar_years_so_a_leap_day_in_between_does_not_shorten_it()
    {
        // 2027-03-01 to 2030-03-01 spans 29 February 2028: 1,096 days, one more than 3 × 365.
        var grant = Sample.Grant with { ValidFrom = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero), ExpiresAt = new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero) };

        Assert.Empty(Validate(grant));
    }

    [Fact]
    public void C2_from_a_leap_day_the_period_ends_on_28_february()
    {
        var leapDay = new DateTimeOffset(2028, 2, 29, 0, 0, 0, TimeSpan.Zero);

        Assert.Empty(Validate(Sample.Grant with { ValidFrom = leapDay, ExpiresAt = new DateTimeOffset(2031, 2, 28, 0, 0, 0, TimeSpan.Zero) }));
        Assert.Equal(GrantViolationReason.ExpiryTooFar,
            Single(Sample.Grant with { ValidFrom = leapDay, ExpiresAt = new DateTimeOffset(2031, 2, 28, 0, 0, 0, TimeSpan.Zero).AddTicks(1) }).Reason);
    }

    [Fact]
    public void C2_the_maximum_period_is_configurable()
    {
        var policy = new ConsentPolicy { MaxPeriodYears = 1 };

        Assert.Empty(Validate(Sample.Grant with { ExpiresAt = Sample.Start.AddYears(1) }, policy: policy));
        Assert.Equal(GrantViolationReason.ExpiryTooFar, Single(Sample.Grant with { ExpiresAt = Sample.Start.AddYears(1).AddTicks(1) }, policy: policy).Reason);
    }

    [Fact]
    public void C2_a_start_near_the_end_of_time_does_not_overflow() =>
        Assert.Empty(Validate(Sample.Grant with { ValidFrom = DateTimeOffset.MaxValue.AddYears(-1), ExpiresAt = DateTimeOffset.MaxValue }));

    [Fact]
    public void C4_a_sensitive_category_must_be_acknowledged()
    {
        var violation = Single(Sample.Grant with { Categories = [DataCategory.SupportPlan, DataCategory.Diagnosis] });

        Assert.Equal(GrantViolationReason.SensitiveCategoryNotAcknowledged, violation.Reason);
        Assert.Equal(GrantField.SensitiveAcknowledged, violation.Field);
        Assert.Equal(DataCategory.Diagnosis, violation.Category);
    }

    [Fact]
    public void C4_each_sensitive_category_is_acknowledged_on_its_own()
    {
        var grant = Sample.Grant with
        {
            Categories = [DataCategory.Diagnosis, DataCategory.Medication, DataCategory.TraumaHistory, DataCategory.SexualOrientationGenderIdentity],
            SensitiveAcknowledged = [DataCategory.Medication],
        };

        var violations = Validate(grant);

        Assert.All(violations, violation => Assert.Equal(GrantViolationReason.SensitiveCategoryNotAcknowledged, violation.Reason));
        Assert.Equal([DataCategory.Diagnosis, DataCategory.TraumaHistory, DataCategory.SexualOrientationGenderIdentity], violations.Select(violation => violation.Category!.Value));
    }

    [Fact]
    public void C4_every_sensitive_category_acknowledged_is_valid()
    {
        var grant = Sample.Grant with
        {
            Categories = [DataCategory.Diagnosis, DataCategory.Medication, DataCategory.IdentityBasic],
            SensitiveAcknowledged = [DataCategory.Medication, DataCategory.Diagnosis],
        };

        Assert.Empty(Validate(grant));
    }

    [Theory]
    [InlineData(DataCategory.SupportPlan)]
    [InlineData(DataCategory.Unspecified)]
    [InlineData(DataCategory.TraumaHistory)]
    public void C4_an_acknowledgement_must_be_of_a_sensitive_category_the_grant_lists(DataCategory acknowledged)
    {
        var violation = Single(Sample.Grant with { SensitiveAcknowledged = [acknowledged] });

        Assert.Equal((GrantViolationReason.InvalidField, GrantField.SensitiveAcknowledged), (violation.Reason, violation.Field));
    }

    [Fact]
    public void C6_a_minor_the_day_before_their_18th_birthday_needs_a_legal_guardian()
    {
        var birthDate = new DateOnly(2007, 4, 2);

        var violation = Single(Sample.Grant, birthDate);

        Assert.Equal((GrantViolationReason.GuardianRequired, GrantField.GrantedBy), (violation.Reason, violation.Field));
        Assert.Empty(Validate(Sample.Grant with { GrantedBy = GrantorRole.LegalGuardian }, birthDate));
    }

    [Fact]
    public void C6_on_the_18th_birthday_the_person_consents_for_themselves() =>
        Assert.Empty(Validate(Sample.Grant, new DateOnly(2007, 4, 1)));

    [Fact]
    public void C6_a_representative_cannot_consent_for_a_minor() =>
        Assert.Equal(GrantViolationReason.GuardianRequired, Single(Sample.Grant with { GrantedBy = GrantorRole.Representative }, new DateOnly(2010, 1, 1)).Reason);

    [Fact]
    public void C6_a_legal_guardian_may_consent_for_an_adult() =>
        Assert.Empty(Validate(Sample.Grant with { GrantedBy = GrantorRole.LegalGuardian }));

    [Theory]
    [InlineData(2, 27, true)]
    [InlineData(2, 28, true)]
    [InlineData(3, 1, false)]
    public void C6_someone_born_on_29_february_comes_of_age_on_1_march_in_a_common_year(int month, int day, bool minor)
    {
        // An 18th birthday of someone born on a leap day always falls in a common year (18 is no multiple of 4).
        var birthDate = new DateOnly(2008, 2, 29);
        var validFrom = new DateTimeOffset(2026, month, day, 12, 0, 0, TimeSpan.Zero);

        var violations = Validate(Sample.Grant with { ValidFrom = validFrom, ExpiresAt = validFrom.AddYears(1) }, birthDate);

        Assert.Equal(minor, violations.Any(violation => violation.Reason == GrantViolationReason.GuardianRequired));
    }

    [Fact]
    public void C6_age_is_counted_on_the_calendar_of_the_policy_time_zone()
    {
        // 15:00 UTC on 31 March is already 1 April in Tokyo, the person's 18th birthday.
        var tokyo = TimeZoneInfo.CreateCustomTimeZone("JST", TimeSpan.FromHours(9), "JST", "JST");
        var validFrom = new DateTimeOffset(2025, 3, 31, 15, 0, 0, TimeSpan.Zero);
        var grant = Sample.Grant with { ValidFrom = validFrom, ExpiresAt = validFrom.AddYears(1) };
        var birthDate = new DateOnly(2007, 4, 1);

        Assert.Empty(Validate(grant, birthDate, new ConsentPolicy { BirthdayTimeZone = tokyo }));
        Assert.Equal(GrantViolationReason.GuardianRequired, Single(grant, birthDate).Reason);
    }

    [Fact]
    public void C6_the_age_of_majority_is_configurable() =>
        Assert.Equal(GrantViolationReason.GuardianRequired, Single(Sample.Grant, Sample.AdultBirthDate, new ConsentPolicy { AgeOfMajority = 40 }).Reason);

    [Fact]
    public void An_unspecified_grantor_is_an_invalid_field_and_nothing_more()
    {
        var violation = Single(Sample.Grant with { GrantedBy = GrantorRole.Unspecified }, new DateOnly(2015, 1, 1));

        Assert.Equal((GrantViolationReason.InvalidField, GrantField.GrantedBy), (violation.Reason, violation.Field));
    }

    [Fact]
    public void The_collection_method_must_be_specified()
    {
        var violation = Single(Sample.Grant with { CollectionMethod = (CollectionMethod)7 });

        Assert.Equal((GrantViolationReason.InvalidField, GrantField.CollectionMethod), (violation.Reason, violation.Field));
    }

    [Fact]
    public void Empty_identifiers_are_invalid_fields()
    {
        var grant = Sample.Grant with { Person = default, Recipient = default, SourceAgencies = [Sample.School, default], RecordedBy = default };

        Assert.Equal([GrantField.Person, GrantField.Recipient, GrantField.SourceAgencies, GrantField.RecordedBy], Validate(grant).Select(violation => violation.Field));
    }

    [Fact]
    public void Violations_come_in_request_field_order_so_the_first_is_the_one_reported()
    {
        var grant = Sample.Grant with
        {
            Purpose = Purpose.Unspecified,
            Categories = [DataCategory.TraumaHistory],
            ExpiresAt = null,
            GrantedBy = GrantorRole.Subject,
        };

        var violations = Validate(grant, new DateOnly(2012, 5, 5));

        Assert.Equal(
            [GrantViolationReason.InvalidField, GrantViolationReason.SensitiveCategoryNotAcknowledged, GrantViolationReason.ExpiryRequired, GrantViolationReason.GuardianRequired],
            violations.Select(violation => violation.Reason));
    }

    [Fact]
    public void A_policy_refuses_numbers_that_make_no_sense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsentPolicy { MaxPeriodYears = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsentPolicy { AgeOfMajority = -1 });
        Assert.Equal((3, 18), (ConsentPolicy.Default.MaxPeriodYears, ConsentPolicy.Default.AgeOfMajority));
    }

    [Fact]
    public void Source_agencies_may_be_named() =>
        Assert.Empty(Validate(Sample.Grant with { SourceAgencies = [Sample.EmploymentOffice, OpaqueId.New<AgencyId>()] }));
}
