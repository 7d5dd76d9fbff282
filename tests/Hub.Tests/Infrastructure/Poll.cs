namespace Hub.Tests.Infrastructure;

/// <summary>
/// Waits for a condition that becomes true asynchronously. The bound is generous because it only
/// decides when to give up on a broken build, never whether something was fast enough.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(60);

    public static Task UntilAsync(Func<bool> condition, string what) =>
        UntilAsync(() => Task.FromResult(condition()), what);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + _bound;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up after {_bound.TotalSeconds} s waiting until {what}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
