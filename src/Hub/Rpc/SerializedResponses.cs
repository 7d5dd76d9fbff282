using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Hub.Rpc;

/// <summary>
/// Responses written to bytes once and sent as those bytes by every call that answers with them (see
/// <see cref="StrictServiceMethodProvider{TService}"/>): a message many calls share, such as a kept
/// ListMeetings page, is not serialized anew each time — for a page of 50 meetings that is most of
/// what answering it from memory costs. A message must not change once its bytes are kept; they live
/// as long as the message does.
/// </summary>
internal static class SerializedResponses
{
    private static readonly ConditionalWeakTable<object, byte[]> Kept = [];

    public static void Keep(IMessage message) => Kept.AddOrUpdate(message, message.ToByteArray());

    public static bool TryGet(object message, out byte[] bytes) => Kept.TryGetValue(message, out bytes!);
}
