namespace Hub.Events;

/// <summary>The <c>Hub:Events</c> configuration section.</summary>
internal sealed class EventOptions
{
    public const string Section = "Hub:Events";

    /// <summary>How long a watch may stay silent before it is sent a heartbeat with the latest cursor.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long delivered events are kept for consumers to resume from; an older cursor is CURSOR_EXPIRED.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How often the relay looks at the outbox without being woken by a commit's notification, and a
    /// node without the relay asks whether it may take it over.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often each node checks the store for events the bus has not brought it (a message lost
    /// while its queue was being recreated, say): the longest a watch waits on an event the bus dropped.
    /// </summary>
    public TimeSpan FeedCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the relay looks for what time has made due: expired consents, reviews due, overdue action items; and removes events past the retention.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many days before a review date its coordinator is told (ReviewDue).</summary>
    public int ReviewNoticeDays { get; set; } = 14;
}

/// <summary>The <c>Hub:RabbitMq</c> configuration section: set <see cref="Host"/> to carry events between nodes over RabbitMQ.</summary>
internal sealed class RabbitMqOptions
{
    public const string Section = "Hub:RabbitMq";

    public string? Host { get; set; }

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string User { get; set; } = "guest";

    public string Password { get; set; } = "guest";
}
