using Xunit;
using Bench.Load.Models;

namespace Bench.Tests.Load.Models;

public sealed class ModelTests
{
    [Fact]
    public void Validate_reports_every_problem_with_its_field()
    {
        var problems = new ConstantRate { Rate = -5, Duration = TimeSpan.Zero, Vus = 0 }.Validate();

        Assert.Equal(["rate", "duration", "vus"], problems.Select(p => p.Field));
        Assert.All(problems, p => Assert.Contains("must be in", p.Message));
    }

    [Fact]
    public void Describe_is_one_line()
    {
        Assert.Equal("5,000 req/s for 30s (up to 100 VUs)", new ConstantRate { Rate = 5000, Duration = TimeSpan.FromSeconds(30), Vus = 100 }.Describe());
        Assert.Equal("50 VUs for 1m30s", new ConstantVus { Vus = 50, Duration = TimeSpan.FromSeconds(90) }.Describe());
    }

    [Fact]
    public void Constant_rate_spaces_iterations_evenly_and_stops_at_the_duration()
    {
        var model = new ConstantRate { Rate = 4, Duration = TimeSpan.FromSeconds(1) };

        Assert.Equal(TimeSpan.FromMilliseconds(250), model.IntendedStart(1));
        Assert.Equal(TimeSpan.FromMilliseconds(750), model.IntendedStart(3));
        Assert.Null(model.IntendedStart(4));
        Assert.Equal(4, model.ScheduledIterations(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Ramping_rate_schedule_matches_the_area_under_the_ramp()
    {
        // 0 -> 100/s over 10 s is 500 iterations; then 100/s for 5 s adds 500.
        var model = new RampingRate { StartRate = 0, Stages = [new(TimeSpan.FromSeconds(10), 100), new(TimeSpan.FromSeconds(5), 100)] };

        Assert.Equal(1000, model.ScheduledIterations(model.Duration));
        Assert.Equal(125, model.ScheduledIterations(TimeSpan.FromSeconds(5)));
        var t = model.IntendedStart(125)!.Value;
        Assert.InRange(t.TotalSeconds, 4.99, 5.01);
        Assert.Null(model.IntendedStart(1000));
    }

    [Fact]
    public void Ramping_vus_interpolates_between_stages()
    {
        var model = new RampingVus { StartVus = 0, Stages = [new(TimeSpan.FromSeconds(10), 100), new(TimeSpan.FromSeconds(10), 0)] };

        Assert.Equal(50, model.TargetVus(TimeSpan.FromSeconds(5)));
        Assert.Equal(100, model.TargetVus(TimeSpan.FromSeconds(10)));
        Assert.Equal(50, model.TargetVus(TimeSpan.FromSeconds(15)));
        Assert.Equal(100, model.MaxVus);
    }
}
