using Allot.Core.Errors;

namespace Allot.Retail.Tests.Support;

public static class Expect
{
    public static AllotError Error(Action action)
    {
        var ex = Assert.Throws<AllotException>(action);
        return ex.Error;
    }
}
