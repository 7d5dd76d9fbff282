using FsCheck;
using FsCheck.Fluent;

namespace Hub.Consent.Tests.Properties;

/// <summary>The laws, each checked on generated scenarios (printed readably when one fails).</summary>
public class DecisionLawTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Permitted_lies_within_requested_and_consented_and_everything_else_is_denied() =>
        Check.One(Config, Prop.ForAll(Generators.Scenarios, scenario =>
        {
            var decision = scenario.Decide();
            var request = scenario.Request;
            var requested = request.Categories.IsEmpty ? CategorySet.All : request.Categories;
            var eachWithin = decision.PermittedBySource.All(permission => permission.Categories.All(category =>
                requested.Contains(category)
                && scenario.Consents.Any(consent => consent.Grant.Recipient == request.Recipient && consent.Grant.Purpose == request.Purpose
                    && consent.StatusAt(request.At) == ConsentStatus.Active && consent.Grant.Categories.Contains(category)
                    && (permission.Source is not { } source || consent.Grant.SourceAgencies.Count == 0 || consent.Grant.SourceAgencies.Contains(source)))));
            var unionIsPermitted = decision.Permitted.ToHashSet().SetEquals(decision.PermittedBySource.SelectMany(permission => permission.Categories));
            var partition = !decision.Permitted.Intersect(decision.Denied.Keys).Any() && requested.ToHashSet().SetEquals(decision.Permitted.Concat(decision.Denied.Keys));
            return eachWithin && unionIsPermitted && partition;
        }));

    [Fact]
    public void Revoked_or_expired_consents_never_permit() =>
        Check.One(Config, Prop.ForAll(Generators.Scenarios, scenario =>
        {
            var decision = scenario.Decide();
            var at = scenario.Request.At;
            var citedAreActive = decision.ConsentIds.Concat(decision.PermittedBySource.SelectMany(permission => permission.ConsentIds))
                .All(id => scenario.Consents.Single(consent => consent.Id == id).StatusAt(at) == ConsentStatus.Active);
            var usable = scenario with { Consents = [.. scenario.Consents.Where(consent => consent.StatusAt(at) is not (ConsentStatus.Revoked or ConsentStatus.Expired))] };
            var sameWithout = PermissionsOf(decision) == PermissionsOf(usable.Decide());
            return citedAreActive && sameWithout;
        }));

    [Fact]
    public void Adding_a_consent_never_removes_a_permission() =>
        Check.One(Config, Prop.ForAll(Generators.ScenariosWithExtraConsent, pair =>
        {
            var before = pair.Scenario.Decide();
            var after = (pair.Scenario with { Consents = [.. pair.Scenario.Consents, pair.Extra] }).Decide();
            return before.PermittedBySource.Zip(after.PermittedBySource)
                .All(entries => entries.First.Source == entries.Second.Source && entries.First.Categories.ToHashSet().IsSubsetOf(entries.Second.Categories));
        }));

    [Fact]
    public void The_answer_does_not_depend_on_the_order_consents_are_stored_in() =>
        Check.One(Config, Prop.ForAll(Generators.ScenariosWithSeed, pair =>
        {
            var shuffled = pair.Scenario.Consents.ToArray();
            new Random(pair.Seed).Shuffle(shuffled);
            var reordered = pair.Scenario with { Consents = shuffled };
            return Rendering.Render(pair.Scenario.Decide()) == Rendering.Render(reordered.Decide());
        }));

    [Fact]
    public void The_indexed_decision_equals_the_rules_applied_one_consent_at_a_time() =>
        Check.One(Config, Prop.ForAll(Generators.Scenarios, scenario =>
            Rendering.Render(scenario.Decide()) == ReferenceDecision.Render(scenario)));

    [Fact]
    public void Decide_never_throws_and_still_agrees_with_the_rules_on_arbitrary_input() =>
        Check.One(Config.WithMaxTest(1000), Prop.ForAll(Generators.WildScenarios, scenario =>
            Rendering.Render(scenario.Decide()) == ReferenceDecision.Render(scenario)));

    private static string PermissionsOf(AccessDecision decision) =>
        string.Join(" ", decision.PermittedBySource.Select(permission => $"{permission.Source}:{permission.Categories}"));
}
