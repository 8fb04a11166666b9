using ScottPlot;

namespace Bench.Reporting.Charts;

/// <summary>Turns a finished ScottPlot plot into a <see cref="ChartImage"/> (inline SVG + PNG).</summary>
public static class ChartRenderer
{
    public static ChartImage Render(string id, string title, Plot plot, bool hasData = true)
    {
        string svg = InlineSvg.Prepare(plot.GetSvgXml(ChartStyle.Width, ChartStyle.Height), id, title, ChartStyle.Width, ChartStyle.Height);
        return new ChartImage(id, title, svg, hasData, () => plot.GetImageBytes(ChartStyle.Width, ChartStyle.Height, ImageFormat.Png));
    }

    /// <summary>
    /// The chart the reader expected, drawn empty with the reason, so a missing metric reads as
    /// "not measured" rather than as a broken page or a silently missing figure.
    /// </summary>
    public static ChartImage NotMeasured(string id, string title, string why = "not measured in this run")
    {
        var plot = ChartStyle.NewPlot(title, "", "");
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
        var text = plot.Add.Text(why, 0, 0);
        text.LabelFontSize = 16;
        text.LabelFontColor = Color.FromHex("#777777");
        text.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(-1, 1, -1, 1);
        return Render(id, title, plot, hasData: false);
    }
}
