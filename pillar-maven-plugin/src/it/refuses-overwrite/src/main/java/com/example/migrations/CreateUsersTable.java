package com.example.migrations;

// Hand-written: the goal must leave it alone
public class CreateUsersTable {
}
