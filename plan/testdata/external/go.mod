module example.com/officetool

go 1.26

require placement v0.0.0

replace placement => ../../..
