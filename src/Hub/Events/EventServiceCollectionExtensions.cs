using MassTransit;

namespace Hub.Events;

internal static class EventServiceCollectionExtensions
{
    /// <summary>The health check tag of the event bus: reported for hub.v1.EventService, not for the hub as a whole.</summary>
    public const string BusHealthTag = "bus";

    /// <summary>
    /// Event delivery (<c>Hub:Events</c>): the outbox relay, this node's feed and the bus between
    /// them — MassTransit's in-memory transport in one process, RabbitMQ between nodes when
    /// <c>Hub:RabbitMq:Host</c> is set. Each node receives every relayed batch on a queue of its own,
    /// removed when the node goes.
    /// </summary>
    public static IServiceCollection AddHubEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventOptions>()
            .Bind(configuration.GetSection(EventOptions.Section))
            .Validate(options => options.HeartbeatInterval > TimeSpan.Zero && options.PollInterval > TimeSpan.Zero
                    && options.FeedCheckInterval > TimeSpan.Zero && options.ScanInterval > TimeSpan.Zero,
                "Hub:Events intervals must be greater than zero.")
            .Validate(options => options.Retention >= TimeSpan.FromHours(1), "Hub:Events:Retention must be at least an hour.")
            .Validate(options => options.ReviewNoticeDays is >= 0 and <= 365, "Hub:Events:ReviewNoticeDays must lie between 0 and 365.")
            .ValidateOnStart();
        services.AddSingleton<EventStore>();
        services.AddSingleton<TimedEvents>();
        services.AddSingleton<EventFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<EventFeed>());
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxRelay>());

        var rabbit = configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<EventsRelayedConsumer>();
            bus.AddReceiveEndpointObserver<FeedQueueObserver>();
            // MassTransit's own check joins the event service's health only; EventBusHealthCheck is the strict one.
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "masstransit-bus";
                health.Tags.Clear();
                health.Tags.Add(BusHealthTag);
            });
            if (string.IsNullOrWhiteSpace(rabbit.Host))
            {
                bus.UsingInMemory((context, transport) => ReceiveOnThisNode(context, transport));
            }
            else
            {
                bus.UsingRabbitMq((context, transport) =>
                {
                    transport.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                    {
                        host.Username(rabbit.User);
                        host.Password(rabbit.Password);
                    });
                    ReceiveOnThisNode(context, transport);
                });
            }
        });
        services.AddHealthChecks().AddCheck<EventBusHealthCheck>("bus", tags: [BusHealthTag]);
        return services;
    }

    /// <summary>A temporary queue of this node's, taking one batch at a time so they reach the feed in the order they were published.</summary>
    private static void ReceiveOnThisNode(IBusRegistrationContext context, IBusFactoryConfigurator transport) =>
        transport.ReceiveEndpoint(new TemporaryEndpointDefinition("hub-events"), endpoint =>
        {
            endpoint.ConcurrentMessageLimit = 1;
            endpoint.ConfigureConsumer<EventsRelayedConsumer>(context);
        });
}
