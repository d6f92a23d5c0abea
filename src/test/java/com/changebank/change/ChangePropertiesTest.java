package com.changebank.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Thousands of generated amounts and strings: exact change for every valid amount, a clear refusal for the rest. */
class ChangePropertiesTest {

    private static final long MAX_CENTS = 100_000_000_000L;

    /** Whatever the notation, the coins add up to the amount, with fewer than five pennies. */
    @Property(tries = 5000)
    void validAmountsGiveExactChange(@ForAll @LongRange(min = 0, max = MAX_CENTS) long cents,
            @ForAll boolean dollarSign, @ForAll boolean commas, @ForAll boolean spaces) {
        long dollars = cents / 100;
        String typed = (spaces ? "  " : "") + (dollarSign ? "$" : "")
                + (commas ? String.format(Locale.US, "%,d", dollars) : Long.toString(dollars))
                + String.format(Locale.US, ".%02d", cents % 100) + (spaces ? " " : "");
        Change change = Change.of(typed);
        assertEquals(cents, change.nickels() * 5 + change.pennies(), typed);
        assertTrue(change.pennies() >= 0 && change.pennies() < 5, typed);
        assertEquals(cents, change.amount().movePointRight(2).longValueExact(), typed);
    }

    /** Any string at all: a result, or the refusal with a message for the user, and never another exception. */
    @Property(tries = 10000)
    void anyInputIsChangedOrRefusedWithAMessage(@ForAll("typed") String typed) {
        try {
            Change change = Change.of(typed);
            assertTrue(change.amount().signum() >= 0 && change.amount().compareTo(Change.MAX_AMOUNT) <= 0, typed);
        } catch (InvalidAmountException refused) {
            assertTrue(refused.getMessage().startsWith("Please enter"), refused.getMessage());
        }
    }

    /** Mostly what people type into an amount field, mixed with anything unicode has. */
    @Provide
    Arbitrary<String> typed() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.,$ -+eE").ofMaxLength(20),
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(70));
    }
}
