package dev.pillar.clickhouse.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks every test that runs against a real ClickHouse (tag
 * {@link ClickHouseTags#CLICKHOUSE}); its test methods may take a {@link TestDatabase}
 * (fresh per test) or the {@link ClickHouseServer}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(ClickHouseTags.CLICKHOUSE)
@ExtendWith(ClickHouseExtension.class)
public @interface ClickHouseTest {

}
