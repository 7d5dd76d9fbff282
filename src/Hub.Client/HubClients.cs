using Grpc.Core;
using Grpc.Health.V1;
using Hub.V1;

namespace Hub.Client;

/// <summary>
/// The hub's typed clients over one channel: <c>channel.Consents().CheckAccessAsync(request)</c>.
/// A client is a thin wrapper; creating one per call costs nothing worth keeping it for.
/// </summary>
public static class HubClients
{
    public static EchoService.EchoServiceClient Echo(this ChannelBase channel) => new(channel);

    public static AgencyService.AgencyServiceClient Agencies(this ChannelBase channel) => new(channel);

    public static PersonService.PersonServiceClient People(this ChannelBase channel) => new(channel);

    public static ConsentService.ConsentServiceClient Consents(this ChannelBase channel) => new(channel);

    public static AuditService.AuditServiceClient Audit(this ChannelBase channel) => new(channel);

    public static CaseService.CaseServiceClient Cases(this ChannelBase channel) => new(channel);

    public static MeetingService.MeetingServiceClient Meetings(this ChannelBase channel) => new(channel);

    public static EventService.EventServiceClient Events(this ChannelBase channel) => new(channel);

    /// <summary>grpc.health.v1: open without a token.</summary>
    public static Health.HealthClient Health(this ChannelBase channel) => new(channel);
}
