namespace HubScenario;

/// <summary>What the benchmark's requests are about: the scenario's person, and the agency that asks about them.</summary>
internal sealed record ScenarioSubjects(string PersonId, AgencyCredentials Recipient);
