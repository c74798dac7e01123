def log = new File(basedir, 'build.log').text
assert log.contains("Migration name 'CreateUsersTable' is not lower snake case")
assert log.contains('Use -Dname=create_users_table.')
assert !new File(basedir, 'src').exists() : 'nothing may be written'
return true
