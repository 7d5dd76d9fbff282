namespace Hub.Meetings;

internal static class MeetingServiceCollectionExtensions
{
    /// <summary>Joint case meetings and their settings (<c>Hub:Meetings</c>).</summary>
    public static IServiceCollection AddHubMeetings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MeetingOptions>()
            .Bind(configuration.GetSection(MeetingOptions.Section))
            .Validate(options => NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.DefaultTimeZone) is not null, "Hub:Meetings:DefaultTimeZone must be an IANA time zone such as Asia/Tokyo.")
            .ValidateOnStart();
        services.AddSingleton<MeetingStore>();
        return services;
    }
}
