namespace Hub.Meetings;

internal static class MeetingServiceCollectionExtensions
{
    /// <summary>Joint case meetings and their settings (<c>Hub:Meetings</c>).</summary>
    public static IServiceCollection AddHubMeetings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MeetingOptions>()
            .Bind(configuration.GetSection(MeetingOptions.Section))
            .Validate(options => NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.DefaultTimeZone) is not null, "Hub:Meetings:DefaultTimeZone must be an IANA time zone such as Asia/Tokyo.")
            .Validate(options => options.ListCacheMeetings >= 0, "Hub:Meetings:ListCacheMeetings can't be negative.")
            .ValidateOnStart();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<MeetingPages>();
        return services;
    }
}
