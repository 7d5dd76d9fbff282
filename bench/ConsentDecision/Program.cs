using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using ConsentDecision;

// `--latency` times single decisions instead (see LatencyProbe); anything else goes to BenchmarkDotNet.
if (args is ["--latency", ..])
{
    LatencyProbe.Run(Console.Out);
    return;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).WithId("Short"))
    .AddColumn(StatisticColumn.P95, new PercentileColumn(99));
BenchmarkSwitcher.FromAssembly(typeof(DecisionBenchmarks).Assembly).Run(args, config);
