using ScottPlot;

namespace Bench.Reporting.Charts;

/// <summary>Size, font and colours every chart shares, so a target has one colour on the whole page.</summary>
public static class ChartStyle
{
    public const int Width = 760;
    public const int Height = 400;

    // DejaVu Sans ships with Debian's fonts-dejavu-core; a browser without it falls back to its sans-serif.
    private const string FontName = "DejaVu Sans";

    private static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
    ];

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, 15);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        plot.Grid.MajorLineColor = Color.FromHex("#e5e5e5");
        return plot;
    }

    /// <summary>The built-in targets keep fixed colours across charts (WSGI warm, ASGI cool); others take the palette in order.</summary>
    public static Color ForSeries(string key, int index)
    {
        string k = key.ToLowerInvariant();
        if (k.StartsWith("wsgi", StringComparison.Ordinal)) return Palette[1];
        if (k.StartsWith("asgi", StringComparison.Ordinal)) return Palette[0];
        if (k.StartsWith("kestrel", StringComparison.Ordinal)) return Palette[2];
        return Palette[(3 + index) % Palette.Length];
    }
}
