namespace HubScenario;

/// <summary>What the benchmark's requests are about: the scenario's person, the agency that asks about them, and the meetings it convenes.</summary>
internal sealed record ScenarioSubjects(string PersonId, AgencyCredentials Recipient, MeetingSubjects Meetings);
