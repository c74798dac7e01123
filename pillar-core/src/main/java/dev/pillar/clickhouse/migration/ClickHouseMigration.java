package dev.pillar.clickhouse.migration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Marks a {@link Migration} as a Spring component that Pillar applies to ClickHouse.
 * <p>
 * The version is a {@code yyyyMMddHHmmss} timestamp. When {@link #version()} is left out
 * it is read from a class name of the form {@code V20250528120000_CreateUsersTable}; when
 * {@link #name()} is left out it is the class name (without that prefix) in snake case,
 * e.g. {@code create_users_table}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface ClickHouseMigration {

	/**
	 * The version, a {@code yyyyMMddHHmmss} timestamp; 0 to read it from the class name.
	 * @return the version
	 */
	long version() default 0;

	/**
	 * The name shown in the history and the endpoint; empty to derive it from the class
	 * name.
	 * @return the name
	 */
	String name() default "";

}
