using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Outputs;
using Allot.Retail.Tests.Support;
using Allot.Retail.Validation;

namespace Allot.Retail.Tests.Validation;

public class PickListValidatorTests
{
    [Fact]
    public void TamperedQuantity_IsValidationFailed()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        var path = Path.Combine(summary.OutputDir, PickListWriter.FileName("202509A"));
        var lines = File.ReadAllLines(path).ToList();
        lines.RemoveAt(1);
        File.WriteAllLines(path, lines);
        var error = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), summary.OutputDir));
        Assert.Equal(RetailErrorCodes.ValidationFailed, error.Code);
        Assert.Contains("sums to", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedInput_IsValidationFailed()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        File.AppendAllText(t.Sub("in/output/store_level_plugin_output.csv"), "77777,x,Basic,0.5,\n");
        var error = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), summary.OutputDir));
        Assert.Equal(RetailErrorCodes.ValidationFailed, error.Code);
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }
}
