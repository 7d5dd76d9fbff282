namespace HubScenario;

internal sealed record RegisteredAgency(string AgencyId, AgencyCredentials Client);
