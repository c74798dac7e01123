import java.time.Duration
import java.time.LocalDateTime
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter

def versionOf(File file, String name) {
	def matcher = file.text =~ /@ClickHouseMigration\(version = (\d{14})L, name = "${name}"\)/
	assert matcher.find() : "no annotation for ${name} in ${file}"
	def version = LocalDateTime.parse(matcher.group(1), DateTimeFormatter.ofPattern('yyyyMMddHHmmss'))
	// The current UTC time when the goal ran
	def age = Duration.between(version, LocalDateTime.now(ZoneOffset.UTC))
	assert age.seconds >= -1 && age.toMinutes() < 10 : "version ${version} is not the current UTC time"
	return matcher.group(1) as long
}

def users = new File(basedir, 'src/main/java/com/example/db/CreateUsersTable.java')
assert users.isFile()
assert users.text.startsWith('package com.example.db;\n')
assert users.text.contains('public class CreateUsersTable implements Migration {')
assert users.text.contains('public List<String> up() {')
assert users.text.contains('public List<String> down() {')
def first = versionOf(users, 'create_users_table')

def email = new File(basedir, 'src/main/java/com/example/other/AddEmailIndex.java')
assert email.isFile()
assert email.text.startsWith('package com.example.other;\n')
assert email.text.contains('public class AddEmailIndex implements Migration {')
assert versionOf(email, 'add_email_index') > first

// Both compiled against pillar-core
assert new File(basedir, 'target/classes/com/example/db/CreateUsersTable.class').isFile()
assert new File(basedir, 'target/classes/com/example/other/AddEmailIndex.class').isFile()

def log = new File(basedir, 'build.log').text
assert log.contains('Created migration ') && log.contains('(add_email_index): ' + email.toPath().toAbsolutePath())
return true
