using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Audit;
using Hub.Auth;
using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;
using Microsoft.Extensions.Options;
using Npgsql;
using Purpose = Hub.Consent.Purpose;

namespace Hub.Events;

/// <summary>
/// hub.v1.EventService (E1–E3): a partner's events, replayed from its cursor and then live, and its
/// acknowledgments. An agency sees only the events addressed to it; an event id that is not is
/// answered as one that does not exist.
/// </summary>
internal sealed class EventServiceImpl(
    NpgsqlDataSource database,
    EventStore store,
    EventFeed feed,
    AuditTrail audit,
    IOptions<EventOptions> options,
    ILogger<EventServiceImpl> logger) : EventService.EventServiceBase
{
    private const int ReplayPageSize = 500;

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<WatchEventsResponse> responseStream, ServerCallContext context)
    {
        var agency = context.Caller().RequireAgency();
        var kinds = KindsFilter(request.Kinds);
        var after = request.AfterCursor.Length == 0 ? (EventCursor?)null : EventCursor.Parse(request.AfterCursor, "after_cursor");
        var cancellationToken = context.CancellationToken;
        if (after is { } requested)
        {
            var (last, removedThrough) = await store.BoundsAsync(cancellationToken);
            if (requested < removedThrough)
            {
                throw Errors.FailedPrecondition(
                    "after_cursor is older than the events the hub keeps; re-read the state with the list RPCs and watch from now.", "CURSOR_EXPIRED");
            }

            if (requested > last)
            {
                throw Errors.InvalidArgument("after_cursor", "after_cursor is not a cursor the hub gave out.", "INVALID_CURSOR");
            }
        }

        var watch = new Watch(agency, kinds, responseStream);
        var subscription = await feed.SubscribeAsync(cancellationToken);
        try
        {
            watch.Position = after ?? subscription.From;
            await ReplayAsync(watch, subscription.From, cancellationToken);
            await watch.HeartbeatAsync();
            while (true)
            {
                var next = await NextAsync(subscription, options.Value.HeartbeatInterval, cancellationToken);
                if (next is { } stored)
                {
                    await watch.OfferAsync(stored);
                }
                else if (subscription.Overflowed)
                {
                    // Too far behind the feed: rejoin it, and read what lies between from the store.
                    logger.WatchCatchingUp(EventFeed.WatchCapacity);
                    subscription.Dispose();
                    subscription = await feed.SubscribeAsync(cancellationToken);
                    await ReplayAsync(watch, subscription.From, cancellationToken);
                }
                else
                {
                    await watch.HeartbeatAsync();
                }
            }
        }
        finally
        {
            subscription.Dispose();
        }
    }

    public override async Task<AcknowledgeEventResponse> AcknowledgeEvent(AcknowledgeEventRequest request, ServerCallContext context)
    {
        var agency = context.Caller().RequireAgency();
        var id = RequestIds.Event(request.EventId);
        var cancellationToken = context.CancellationToken;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        using var audited = audit.Follow(transaction);
        var stored = await EventStore.FindAsync(connection, transaction, id, cancellationToken);
        if (stored is null || !stored.IsFor(agency) || stored.Event.PersonId.Length == 0)
        {
            throw Errors.NotFound("Event");
        }

        // One first acknowledgment per agency and event, however many calls race to make it.
        await AdvisoryLock.TakeAsync(connection, transaction, $"event-ack:{id.Value}:{agency.Value}", cancellationToken);
        if (await EventStore.AcknowledgmentAsync(connection, transaction, id, agency, cancellationToken) is { } earlier)
        {
            return Answer(earlier.At, earlier.RecordId);
        }

        // The acknowledgment is as old as its audit record, which the person sees.
        var appended = await audit.AppendAsync(connection, transaction, [AcknowledgmentEntry(stored, agency, id)], cancellationToken);
        var (recordId, at) = (appended.Ids[0].Value, new DateTimeOffset(appended.OccurredAt, TimeSpan.Zero));
        await EventStore.AddAcknowledgmentAsync(connection, transaction, id, agency, at, recordId, cancellationToken);
        await audited.CommitAsync(cancellationToken);
        return Answer(at, recordId);
    }

    private static AcknowledgeEventResponse Answer(DateTimeOffset at, string recordId) =>
        new() { AcknowledgedAt = Timestamp.FromDateTimeOffset(at), AccessRecordId = recordId };

    /// <summary>What the person's access log says of the acknowledgment: which consent (or meeting, or access) it was about.</summary>
    private static AuditEntry AcknowledgmentEntry(StoredEvent stored, AgencyId agency, HubEventId id)
    {
        var hubEvent = stored.Event;
        var consent = hubEvent.KindCase switch
        {
            HubEvent.KindOneofCase.ConsentGranted => hubEvent.ConsentGranted.Consent,
            HubEvent.KindOneofCase.ConsentRevoked => hubEvent.ConsentRevoked.Consent,
            HubEvent.KindOneofCase.ConsentExpired => hubEvent.ConsentExpired.Consent,
            HubEvent.KindOneofCase.ConsentRequestDeclined => hubEvent.ConsentRequestDeclined.Consent,
            _ => null,
        };
        var (purpose, categories) = consent is not null
            ? ((Purpose)consent.Purpose, Validate.Categories(consent.Categories, "consent.categories"))
            : hubEvent.KindCase switch
            {
                HubEvent.KindOneofCase.BreakGlassAccess => (Purpose.Emergency, Validate.Categories(hubEvent.BreakGlassAccess.Categories, "categories")),
                HubEvent.KindOneofCase.CaseSummaryPublished => (Purpose.Unspecified, Validate.Categories(hubEvent.CaseSummaryPublished.Categories, "categories")),
                _ => (Purpose.CareCoordination, CategorySet.Empty),
            };
        return new AuditEntry
        {
            Person = OpaqueId.Parse<PersonId>(hubEvent.PersonId),
            Accessor = agency,
            Action = AuditAction.EventAcknowledged,
            Purpose = purpose,
            Categories = categories,
            ConsentIds = consent is null ? [] : [OpaqueId.Parse<ConsentId>(consent.ConsentId)],
            Event = id,
        };
    }

    /// <summary>The kinds asked for, as stored numbers; null for every kind.</summary>
    private static short[]? KindsFilter(IReadOnlyList<EventKind> kinds) =>
        kinds.Count == 0
            ? null
            : [.. kinds.Select((kind, index) => (short)Validate.DefinedEnum(kind, $"kinds[{index}]")).Distinct()];

    /// <summary>The caller's stored events after its position, through <paramref name="through"/>, page by page.</summary>
    private async Task ReplayAsync(Watch watch, EventCursor through, CancellationToken cancellationToken)
    {
        while (watch.Position < through)
        {
            var page = await store.ForAgencyAsync(watch.Agency, watch.Kinds, watch.Position, through, ReplayPageSize, cancellationToken);
            foreach (var stored in page)
            {
                await watch.OfferAsync(stored);
            }

            if (page.Count < ReplayPageSize)
            {
                watch.Position = through;
            }
        }
    }

    /// <summary>The next event from the feed; null when <paramref name="heartbeat"/> passed first or the subscription overflowed.</summary>
    private async Task<StoredEvent?> NextAsync(EventFeed.Subscription subscription, TimeSpan heartbeat, CancellationToken cancellationToken)
    {
        if (subscription.Events.TryRead(out var ready))
        {
            return ready;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(heartbeat);
        try
        {
            return await subscription.Events.WaitToReadAsync(wait.Token) && subscription.Events.TryRead(out var next) ? next : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>One watch's filter and place: every event up to <see cref="Position"/> has been sent or was not for it.</summary>
    private sealed class Watch(AgencyId agency, short[]? kinds, IServerStreamWriter<WatchEventsResponse> stream)
    {
        public AgencyId Agency { get; } = agency;

        public short[]? Kinds { get; } = kinds;

        public EventCursor Position { get; set; }

        public async Task OfferAsync(StoredEvent stored)
        {
            if (stored.Cursor <= Position)
            {
                return;
            }

            Position = stored.Cursor;
            if (stored.IsFor(Agency) && (Kinds is null || Array.IndexOf(Kinds, (short)stored.Kind) >= 0))
            {
                await stream.WriteAsync(new WatchEventsResponse
                {
                    Event = new DeliveredEvent { Cursor = stored.Cursor.ToString(), Event = stored.Event },
                });
            }
        }

        public Task HeartbeatAsync() =>
            stream.WriteAsync(new WatchEventsResponse { Heartbeat = new Heartbeat { Cursor = Position.ToString() } });
    }
}
