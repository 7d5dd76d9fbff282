using System.Globalization;
using Hub.Rpc;

namespace Hub.Events;

/// <summary>
/// A position in the hub's one order of events: the events after it are the ones a consumer that
/// handled everything up to it has still to see. Partners treat it as opaque text; it is the
/// decimal position, so an operator can read it.
/// </summary>
internal readonly record struct EventCursor(long Position)
{
    public EventCursor Next => new(Position + 1);

    public static bool operator <(EventCursor left, EventCursor right) => left.Position < right.Position;

    public static bool operator >(EventCursor left, EventCursor right) => left.Position > right.Position;

    public static bool operator <=(EventCursor left, EventCursor right) => left.Position <= right.Position;

    public static bool operator >=(EventCursor left, EventCursor right) => left.Position >= right.Position;

    /// <summary>A cursor from a request; anything but one the hub gave out is INVALID_ARGUMENT INVALID_CURSOR.</summary>
    public static EventCursor Parse(string value, string field) =>
        value.Length is > 0 and <= 19
        && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
        && value == position.ToString(CultureInfo.InvariantCulture)
            ? new EventCursor(position)
            : throw Errors.InvalidArgument(field, $"{field} is not a cursor the hub gave out.", "INVALID_CURSOR");

    public override string ToString() => Position.ToString(CultureInfo.InvariantCulture);
}
