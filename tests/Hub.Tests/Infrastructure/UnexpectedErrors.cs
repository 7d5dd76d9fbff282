using System.Collections.Concurrent;

namespace Hub.Tests.Infrastructure;

/// <summary>
/// Every Error or Critical entry a hub in a test logs: a hub that logs an error has hit something it
/// did not expect, so the test fails when the hub stops, unless the test said it provokes that error.
/// </summary>
public sealed class UnexpectedErrors : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly ConcurrentBag<Func<string, bool>> _expected = [];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <summary>Declares the errors a test provokes on purpose (matched against "category[event]: message exception").</summary>
    public void Expect(Func<string, bool> isExpected) => _expected.Add(isExpected);

    /// <summary>Throws, listing them, when an error was logged that no test expected.</summary>
    public void ThrowIfAny()
    {
        var unexpected = _entries.Where(entry => !_expected.Any(isExpected => isExpected(entry))).ToList();
        if (unexpected.Count > 0)
        {
            throw new InvalidOperationException($"The hub logged {unexpected.Count} unexpected error(s):\n{string.Join('\n', unexpected)}");
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, UnexpectedErrors errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors._entries.Enqueue($"{category}[{eventId.Id}]: {formatter(state, exception)} {exception}");
            }
        }
    }
}
