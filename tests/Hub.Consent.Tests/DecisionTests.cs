using Hub.Consent.Identifiers;

namespace Hub.Consent.Tests;

public class DecisionTests
{
    private static readonly DateTimeOffset Midyear = Sample.Start.AddMonths(6);

    private static AccessDecision Decide(AccessRequest request, params ConsentRecord[] consents) =>
        new ConsentSet(Sample.Person, consents).Decide(request);

    private static AccessDecision DecideCareCoordination(DateTimeOffset at, ConsentRecord[] consents, params DataCategory[] categories) =>
        Decide(Sample.Request(Purpose.CareCoordination, at, categories), consents);

    [Fact]
    public void An_active_consent_permits_the_requested_categories_it_lists_and_no_others()
    {
        var consent = Sample.Record(Sample.Grant);

        var decision = DecideCareCoordination(Midyear, [consent], DataCategory.SupportPlan, DataCategory.Diagnosis);

        Assert.Equal([DataCategory.SupportPlan], decision.Permitted);
        Assert.Equal(DenialReason.CategoryNotConsented, Assert.Single(decision.Denied).Value);
        Assert.Equal(DataCategory.Diagnosis, decision.Denied.Keys.Single());
        Assert.Equal([consent.Id], decision.ConsentIds);
    }

    [Fact]
    public void An_empty_request_asks_for_every_category()
    {
        var decision = DecideCareCoordination(Midyear, [Sample.Record(Sample.Grant)]);

        Assert.Equal([DataCategory.SupportPlan, DataCategory.DailyReports], decision.Permitted);
        Assert.Equal(CategorySet.All.Count - 2, decision.Denied.Count);
        Assert.All(decision.Denied.Values, reason => Assert.Equal(DenialReason.CategoryNotConsented, reason));
    }

    [Fact]
    public void The_foremost_denial_is_the_most_specific_reason_given_and_none_when_all_is_permitted()
    {
        // SupportPlan and DailyReports come from a revoked consent; Diagnosis was never consented.
        var revoked = Sample.Record(Sample.Grant, revokedAt: Midyear);

        var mixed = DecideCareCoordination(Midyear, [revoked], DataCategory.Diagnosis, DataCategory.SupportPlan);
        var nothingConsented = DecideCareCoordination(Midyear, [], DataCategory.Diagnosis);
        var allPermitted = DecideCareCoordination(Midyear, [Sample.Record(Sample.Grant)], DataCategory.SupportPlan);

        Assert.Equal(DenialReason.NoActiveConsent, mixed.Denied[DataCategory.Diagnosis]);
        Assert.Equal(DenialReason.ConsentRevoked, mixed.ForemostDenial);
        Assert.Equal(DenialReason.NoActiveConsent, nothingConsented.ForemostDenial);
        Assert.Null(allPermitted.ForemostDenial);
    }

    [Fact]
    public void Valid_from_is_inclusive()
    {
        ConsentRecord[] consents = [Sample.Record(Sample.Grant)];

        Assert.Equal(DenialReason.NotYetValid, DecideCareCoordination(Sample.Start.AddTicks(-1), consents, DataCategory.SupportPlan).Denied[DataCategory.SupportPlan]);
        Assert.Equal([DataCategory.SupportPlan], DecideCareCoordination(Sample.Start, consents, DataCategory.SupportPlan).Permitted);
    }

    [Fact]
    public void Expires_at_is_exclusive()
    {
        ConsentRecord[] consents = [Sample.Record(Sample.Grant)];

        Assert.Equal([DataCategory.SupportPlan], DecideCareCoordination(Sample.End.AddTicks(-1), consents, DataCategory.SupportPlan).Permitted);
        Assert.Equal(DenialReason.ConsentExpired, DecideCareCoordination(Sample.End, consents, DataCategory.SupportPlan).Denied[DataCategory.SupportPlan]);
    }

    [Fact]
    public void C3_a_revoked_consent_permits_nothing_even_at_an_instant_before_the_revocation_stamp()
    {
        var revoked = Sample.Record(Sample.Grant, revokedAt: Midyear);

        var decision = DecideCareCoordination(Midyear.AddDays(-1), [revoked], DataCategory.SupportPlan);

        Assert.True(decision.Permitted.IsEmpty);
        Assert.Equal(DenialReason.ConsentRevoked, decision.Denied[DataCategory.SupportPlan]);
        Assert.Empty(decision.ConsentIds);
    }

    [Fact]
    public void A_consent_for_another_purpose_does_not_permit_and_says_so()
    {
        var forTreatment = Sample.Record(Sample.Grant with { Purpose = Purpose.Treatment });

        var decision = DecideCareCoordination(Midyear, [forTreatment], DataCategory.SupportPlan, DataCategory.LivingSituation);

        Assert.True(decision.Permitted.IsEmpty);
        Assert.Equal(DenialReason.PurposeNotConsented, decision.Denied[DataCategory.SupportPlan]);
        Assert.Equal(DenialReason.NoActiveConsent, decision.Denied[DataCategory.LivingSituation]);
    }

    [Fact]
    public void Another_purpose_counts_only_while_its_consent_is_active()
    {
        var expiredForTreatment = Sample.Record(Sample.Grant with { Purpose = Purpose.Treatment, ExpiresAt = Midyear });

        var decision = DecideCareCoordination(Midyear, [expiredForTreatment], DataCategory.SupportPlan);

        Assert.Equal(DenialReason.NoActiveConsent, decision.Denied[DataCategory.SupportPlan]);
    }

    [Fact]
    public void Without_any_consent_every_category_is_no_active_consent()
    {
        var decision = DecideCareCoordination(Midyear, [], DataCategory.IdentityBasic, DataCategory.Diagnosis);

        Assert.True(decision.Permitted.IsEmpty);
        Assert.Equal(
            [new(DataCategory.IdentityBasic, DenialReason.NoActiveConsent), new KeyValuePair<DataCategory, DenialReason>(DataCategory.Diagnosis, DenialReason.NoActiveConsent)],
            decision.Denied);
    }

    [Fact]
    public void Another_recipients_consent_permits_nothing()
    {
        var forSchool = Sample.Record(Sample.Grant with { Recipient = Sample.School });

        var decision = DecideCareCoordination(Midyear, [forSchool], DataCategory.SupportPlan);

        Assert.Equal(DenialReason.NoActiveConsent, decision.Denied[DataCategory.SupportPlan]);
    }

    /// <summary>Each row adds consents of one more kind covering SUPPORT_PLAN; the reason must be the highest ranked present.</summary>
    [Theory]
    [InlineData(true, true, true, true, true, DenialReason.ConsentRevoked)]
    [InlineData(false, true, true, true, true, DenialReason.ConsentExpired)]
    [InlineData(false, false, true, true, true, DenialReason.NotYetValid)]
    [InlineData(false, false, false, true, true, DenialReason.CategoryNotConsented)]
    [InlineData(false, false, false, false, true, DenialReason.PurposeNotConsented)]
    [InlineData(false, false, false, false, false, DenialReason.NoActiveConsent)]
    [InlineData(false, true, false, true, false, DenialReason.ConsentExpired)]
    [InlineData(true, false, true, false, false, DenialReason.ConsentRevoked)]
    public void The_reason_follows_the_documented_precedence(bool revoked, bool expired, bool pending, bool activeOtherCategory, bool activeOtherPurpose, DenialReason expected)
    {
        var consents = new List<ConsentRecord>();
        var supportPlan = Sample.Grant with { Categories = [DataCategory.SupportPlan] };
        if (revoked)
        {
            consents.Add(Sample.Record(supportPlan, revokedAt: Sample.Start));
        }

        if (expired)
        {
            consents.Add(Sample.Record(supportPlan with { ValidFrom = Sample.Start.AddYears(-1), ExpiresAt = Sample.Start }));
        }

        if (pending)
        {
            consents.Add(Sample.Record(supportPlan with { ValidFrom = Sample.End, ExpiresAt = Sample.End.AddYears(1) }));
        }

        if (activeOtherCategory)
        {
            consents.Add(Sample.Record(supportPlan with { Categories = [DataCategory.DailyReports] }));
        }

        if (activeOtherPurpose)
        {
            consents.Add(Sample.Record(supportPlan with { Purpose = Purpose.EmploymentSupport }));
        }

        var decision = DecideCareCoordination(Midyear, [.. consents], DataCategory.SupportPlan);

        Assert.Equal(expected, Assert.Single(decision.Denied).Value);
    }

    [Fact]
    public void Each_category_gets_its_own_reason()
    {
        ConsentRecord[] consents =
        [
            Sample.Record(Sample.Grant with { Categories = [DataCategory.IdentityBasic] }, revokedAt: Sample.Start),
            Sample.Record(Sample.Grant with { Categories = [DataCategory.EmploymentStatus], ExpiresAt = Midyear }),
            Sample.Record(Sample.Grant with { Categories = [DataCategory.SupportPlan] }),
            Sample.Record(Sample.Grant with { Categories = [DataCategory.LivingSituation], Purpose = Purpose.WelfareServicePlanning }),
        ];

        var decision = DecideCareCoordination(Midyear, consents,
            DataCategory.IdentityBasic, DataCategory.EmploymentStatus, DataCategory.SupportPlan, DataCategory.LivingSituation, DataCategory.CrisisPlan);

        Assert.Equal([DataCategory.SupportPlan], decision.Permitted);
        Assert.Equal(
            new Dictionary<DataCategory, DenialReason>
            {
                [DataCategory.IdentityBasic] = DenialReason.ConsentRevoked,
                [DataCategory.EmploymentStatus] = DenialReason.ConsentExpired,
                [DataCategory.LivingSituation] = DenialReason.CategoryNotConsented,
                [DataCategory.CrisisPlan] = DenialReason.CategoryNotConsented,
            },
            decision.Denied);
    }

    [Fact]
    public void Renewal_history_does_not_hide_the_current_consent()
    {
        ConsentRecord[] consents =
        [
            Sample.Record(Sample.Grant with { ValidFrom = Sample.Start.AddYears(-2), ExpiresAt = Sample.Start.AddYears(-1) }),
            Sample.Record(Sample.Grant with { ValidFrom = Sample.Start.AddYears(-1), ExpiresAt = Sample.Start }, revokedAt: Sample.Start.AddMonths(-3)),
            Sample.Record(Sample.Grant),
        ];

        var decision = DecideCareCoordination(Midyear, consents, DataCategory.SupportPlan);

        Assert.Equal([DataCategory.SupportPlan], decision.Permitted);
        Assert.Empty(decision.Denied);
        Assert.Equal([consents[2].Id], decision.ConsentIds);
    }

    [Fact]
    public void C5_a_consent_naming_sources_permits_only_from_those_sources()
    {
        var consent = Sample.Record(Sample.Grant with { SourceAgencies = [Sample.EmploymentOffice] });
        var request = Sample.Request(Purpose.CareCoordination, Midyear, DataCategory.SupportPlan) with { Sources = [Sample.EmploymentOffice, Sample.School] };

        var decision = Decide(request, consent);

        Assert.Equal([Sample.EmploymentOffice, Sample.School], decision.PermittedBySource.Select(permission => permission.Source!.Value));
        Assert.Equal([DataCategory.SupportPlan], decision.PermittedBySource[0].Categories);
        Assert.Equal([consent.Id], decision.PermittedBySource[0].ConsentIds);
        Assert.True(decision.PermittedBySource[1].Categories.IsEmpty);
        Assert.Empty(decision.PermittedBySource[1].ConsentIds);
        Assert.Equal([DataCategory.SupportPlan], decision.Permitted);
        Assert.Empty(decision.Denied);
    }

    [Fact]
    public void C5_a_category_consented_only_from_a_source_not_asked_about_is_category_not_consented()
    {
        var consent = Sample.Record(Sample.Grant with { SourceAgencies = [Sample.EmploymentOffice] });
        var request = Sample.Request(Purpose.CareCoordination, Midyear, DataCategory.SupportPlan) with { Sources = [Sample.School] };

        var decision = Decide(request, consent);

        Assert.True(decision.Permitted.IsEmpty);
        Assert.Equal(DenialReason.CategoryNotConsented, decision.Denied[DataCategory.SupportPlan]);
        Assert.Empty(decision.ConsentIds);
    }

    [Fact]
    public void C5_a_consent_naming_no_source_permits_from_every_source()
    {
        var consent = Sample.Record(Sample.Grant);
        var request = Sample.Request(Purpose.CareCoordination, Midyear, DataCategory.SupportPlan) with { Sources = [Sample.School, Sample.EmploymentOffice] };

        var decision = Decide(request, consent);

        Assert.All(decision.PermittedBySource, permission => Assert.Equal([DataCategory.SupportPlan], permission.Categories));
        Assert.Equal([consent.Id], decision.ConsentIds);
    }

    [Fact]
    public void Without_sources_the_one_answer_covers_any_source()
    {
        var consent = Sample.Record(Sample.Grant with { SourceAgencies = [Sample.EmploymentOffice] });

        var decision = DecideCareCoordination(Midyear, [consent], DataCategory.SupportPlan);

        var permission = Assert.Single(decision.PermittedBySource);
        Assert.Null(permission.Source);
        Assert.Equal([DataCategory.SupportPlan], permission.Categories);
    }

    [Fact]
    public void An_empty_list_of_sources_permits_nothing()
    {
        var request = Sample.Request(Purpose.CareCoordination, Midyear, DataCategory.SupportPlan) with { Sources = [] };

        var decision = Decide(request, Sample.Record(Sample.Grant));

        Assert.Empty(decision.PermittedBySource);
        Assert.True(decision.Permitted.IsEmpty);
        Assert.Equal(DenialReason.CategoryNotConsented, decision.Denied[DataCategory.SupportPlan]);
    }

    [Fact]
    public void A_source_asked_about_twice_is_answered_once()
    {
        var request = Sample.Request(Purpose.CareCoordination, Midyear, DataCategory.SupportPlan) with { Sources = [Sample.School, Sample.School] };

        var decision = Decide(request, Sample.Record(Sample.Grant));

        Assert.Equal(Sample.School, Assert.Single(decision.PermittedBySource).Source);
    }

    [Fact]
    public void Consent_ids_list_every_permitting_consent_once_by_expiry_and_skip_those_that_permit_nothing_asked()
    {
        var later = Sample.Record(Sample.Grant with { ExpiresAt = Sample.End.AddMonths(1) });
        var sooner = Sample.Record(Sample.Grant);
        var dailyReportsOnly = Sample.Record(Sample.Grant with { Categories = [DataCategory.DailyReports] });
        var request = Sample.Request(Purpose.CareCoordination, Midyear, DataCategory.SupportPlan) with { Sources = [Sample.School, Sample.EmploymentOffice] };

        var decision = Decide(request, later, dailyReportsOnly, sooner);

        Assert.Equal([sooner.Id, later.Id], decision.ConsentIds);
        Assert.All(decision.PermittedBySource, permission => Assert.Equal([sooner.Id, later.Id], permission.ConsentIds));
    }

    [Fact]
    public void C8_emergency_is_never_permitted_by_a_consent_for_another_purpose()
    {
        var consent = Sample.Record(Sample.Grant with { Categories = [DataCategory.CrisisPlan, DataCategory.IdentityBasic] });

        var decision = Decide(Sample.Request(Purpose.Emergency, Midyear, DataCategory.CrisisPlan), consent);

        Assert.True(decision.Permitted.IsEmpty);
        Assert.Equal(DenialReason.PurposeNotConsented, decision.Denied[DataCategory.CrisisPlan]);
    }

    [Fact]
    public void C8_a_consent_given_for_emergencies_permits_emergency_requests_and_only_those()
    {
        var consent = Sample.Record(Sample.Grant with { Purpose = Purpose.Emergency, Categories = [DataCategory.CrisisPlan] });

        Assert.Equal([DataCategory.CrisisPlan], Decide(Sample.Request(Purpose.Emergency, Midyear, DataCategory.CrisisPlan), consent).Permitted);
        Assert.True(Decide(Sample.Request(Purpose.CareCoordination, Midyear, DataCategory.CrisisPlan), consent).Permitted.IsEmpty);
    }

    [Theory]
    [InlineData(Purpose.Unspecified)]
    [InlineData((Purpose)77)]
    public void A_purpose_that_is_not_one_is_never_permitted_even_by_a_consent_that_names_it(Purpose purpose)
    {
        var consent = Sample.Record(Sample.Grant with { Purpose = purpose });

        var decision = Decide(Sample.Request(purpose, Midyear, DataCategory.SupportPlan), consent);

        Assert.True(decision.Permitted.IsEmpty);
        Assert.Equal(DenialReason.NoActiveConsent, decision.Denied[DataCategory.SupportPlan]);
    }

    [Fact]
    public void C2_a_stored_consent_without_an_expiry_never_permits()
    {
        var decision = DecideCareCoordination(Midyear, [Sample.Record(Sample.Grant with { ExpiresAt = null })], DataCategory.SupportPlan);

        Assert.Equal(DenialReason.ConsentExpired, decision.Denied[DataCategory.SupportPlan]);
    }

    [Fact]
    public void Values_that_are_no_category_in_a_stored_consent_permit_nothing_and_break_nothing()
    {
        var consent = Sample.Record(Sample.Grant with { Categories = [(DataCategory)40, DataCategory.Unspecified, DataCategory.SupportPlan] });

        var decision = DecideCareCoordination(Midyear, [consent]);

        Assert.Equal([DataCategory.SupportPlan], decision.Permitted);
    }

    [Fact]
    public void The_denied_table_answers_only_for_denied_categories()
    {
        var decision = DecideCareCoordination(Midyear, [Sample.Record(Sample.Grant)], DataCategory.SupportPlan, DataCategory.Diagnosis);

        Assert.True(decision.Denied.ContainsKey(DataCategory.Diagnosis));
        Assert.False(decision.Denied.TryGetValue(DataCategory.SupportPlan, out _));
        Assert.Throws<KeyNotFoundException>(() => decision.Denied[DataCategory.SupportPlan]);
        Assert.Equal([DataCategory.Diagnosis], decision.Denied.Keys);
        Assert.Equal([DenialReason.CategoryNotConsented], decision.Denied.Values);
    }

    [Fact]
    public void A_set_refuses_records_about_another_person()
    {
        var stranger = Sample.Record(Sample.Grant with { Person = OpaqueId.New<PersonId>() });

        Assert.Throws<ArgumentException>(() => new ConsentSet(Sample.Person, [Sample.Record(Sample.Grant), stranger]));
    }
}
