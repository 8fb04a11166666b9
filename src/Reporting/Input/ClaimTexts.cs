using System.Globalization;

namespace Bench.Reporting.Input;

/// <summary>How a claim's deciding number is printed (what each claim measures lives with the claim, src/Suites/Claims/Rules).</summary>
public static class ClaimTexts
{
    /// <summary>Whole numbers with thousands separators, others to three significant digits.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return value.ToString(CultureInfo.InvariantCulture);
        if (Math.Abs(value - Math.Round(value)) < 1e-9 && Math.Abs(value) < 1e15) return value.ToString("N0", CultureInfo.InvariantCulture);
        return value.ToString(Math.Abs(value) >= 100 ? "N0" : "G3", CultureInfo.InvariantCulture);
    }
}
